//! A realistic template of about 2,000 lines, shared by the benchmark and `examples/`.

/// A realistic template of about 2,000 lines: the Slurm example with its node blocks repeated.
pub fn two_thousand_lines() -> String {
    let example = include_str!("../fixtures/examples/slurm-cluster.txt");
    let (cluster, parameters) = example.split_once("[parameters").expect("example has parameters");
    let mut text = String::from(cluster);
    let mut n = 0;
    while text.lines().count() < 2_000 - parameters.lines().count() {
        n += 1;
        text.push_str(&format!(
            "\n    [[nodearray extra{n}]]\n    Extends = hpc\n    MachineType = $HPCMachineType\n    MaxCoreCount = ${{ifThenElse(MaxCores > 0, MaxCores, 100)}}\n    Azure.MaxScalesetSize = 100\n\n        [[[configuration]]]\n        slurm.partition = extra{n}\n        slurm.hpc = true\n\n        [[[cluster-init cyclecloud/slurm:execute:3.0.9]]]\n"
        ));
    }
    text.push_str("[parameters");
    text.push_str(parameters);
    text
}
