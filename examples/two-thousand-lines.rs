//! Prints the 2,000-line template the benchmarks use (for timing the binary on one file).

#[path = "../benches/big_template.rs"]
mod big_template;

fn main() {
    print!("{}", big_template::two_thousand_lines());
}
