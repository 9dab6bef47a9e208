//! The functions of the expression language (`${…}` and `:=`), with their arities.
//!
//! Two sources: the CycleCloud functions of spec 4.4 (documented and observed), and the standard
//! HTCondor ClassAd functions (`htcondor/htcondor` `docs/classads/classad-mechanism.rst`), which
//! the spec says are probably available. A legitimate function missing here would be a false
//! positive, so the ClassAd list is complete rather than minimal. Names are case-insensitive.

/// One function: its name, how many arguments it takes and what it does.
#[derive(Debug)]
pub struct FunctionSpec {
    /// The usual spelling.
    pub name: &'static str,
    pub min_args: usize,
    /// `None` when any number of further arguments is accepted.
    pub max_args: Option<usize>,
    pub description: &'static str,
}

/// Every known function: CycleCloud's first, then the standard ClassAd ones.
pub static FUNCTIONS: &[FunctionSpec] = &[
    // CycleCloud, documented (special-parsing.md) and observed.
    f("ifThenElse", 3, Some(3), "`ifThenElse(predicate, trueValue, falseValue)`"),
    f("ifUndefined", 2, Some(2), "`ifUndefined(expression, value)`: the value when the expression is undefined"),
    f("regexp", 2, Some(3), "`regexp(pattern, target, [options])`: true when the target matches"),
    f("regexps", 3, Some(4), "`regexps(pattern, target, substitution, [options])`: the substitution"),
    f("size", 1, Some(1), "`size(value)`: length of a string, list or record"),
    f("strjoin", 1, None, "`strjoin(separator, list)` or `strjoin(separator, s1, s2, ...)`"),
    f("substr", 2, Some(3), "`substr(string, offset, [length])`"),
    f("trim", 1, Some(1), "`trim(string)`: without leading and trailing white space"),
    f("strcat", 0, None, "`strcat(s1, s2, ...)`: the concatenation of the arguments as strings"),
    f("toLower", 1, Some(1), "`toLower(string)`"),
    f("startswith", 2, Some(2), "`startswith(prefix, string)` (note the argument order)"),
    f("undefined", 0, Some(0), "`undefined()`: the undefined value; clears an inherited value"),
    f("Cluster", 0, Some(0), "`Cluster()`: the current cluster (in `Config.Query`)"),
    // ClassAd: types and tests.
    f("isUndefined", 1, Some(1), "`isUndefined(expr)`"),
    f("isError", 1, Some(1), "`isError(expr)`"),
    f("isString", 1, Some(1), "`isString(expr)`"),
    f("isInteger", 1, Some(1), "`isInteger(expr)`"),
    f("isReal", 1, Some(1), "`isReal(expr)`"),
    f("isBoolean", 1, Some(1), "`isBoolean(expr)`"),
    f("isList", 1, Some(1), "`isList(expr)`"),
    f("isClassAd", 1, Some(1), "`isClassAd(expr)`"),
    f("isAbstime", 1, Some(1), "`isAbstime(expr)`"),
    f("isReltime", 1, Some(1), "`isReltime(expr)`"),
    // ClassAd: evaluation.
    f("eval", 1, Some(1), "`eval(string)`: evaluates the string as an expression"),
    f("unparse", 1, Some(1), "`unparse(attribute)`: the unevaluated text of an attribute"),
    f("unresolved", 1, Some(2), "`unresolved(attribute, [pattern])`"),
    f("debug", 1, Some(1), "`debug(expr)`: the value, with evaluation logged"),
    f("evalInEachContext", 2, Some(2), "`evalInEachContext(expr, records)`"),
    f("countMatches", 2, Some(2), "`countMatches(expr, records)`"),
    // ClassAd: lists and membership.
    f("member", 2, Some(2), "`member(value, list)`: compared with `==`"),
    f("identicalMember", 2, Some(2), "`identicalMember(value, list)`: compared with `=?=`"),
    f("anyCompare", 3, Some(3), "`anyCompare(op, list, value)`"),
    f("allCompare", 3, Some(3), "`allCompare(op, list, value)`"),
    f("sum", 0, Some(1), "`sum(list)`"),
    f("avg", 0, Some(1), "`avg(list)`"),
    f("min", 0, Some(1), "`min(list)`"),
    f("max", 0, Some(1), "`max(list)`"),
    // ClassAd: conversions and arithmetic.
    f("int", 1, Some(1), "`int(expr)`"),
    f("real", 1, Some(1), "`real(expr)`"),
    f("string", 1, Some(1), "`string(expr)`"),
    f("bool", 1, Some(1), "`bool(expr)`"),
    f("absTime", 0, Some(2), "`absTime([time], [zone])`"),
    f("relTime", 1, Some(1), "`relTime(expr)`"),
    f("floor", 1, Some(1), "`floor(number)`"),
    f("ceiling", 1, Some(1), "`ceiling(number)`"),
    f("round", 1, Some(1), "`round(number)`"),
    f("pow", 2, Some(2), "`pow(base, exponent)`"),
    f("quantize", 2, Some(2), "`quantize(value, step or list)`"),
    f("random", 0, Some(1), "`random([limit])`"),
    // ClassAd: strings.
    f("join", 1, None, "`join(separator, s1, ...)`, `join(separator, list)` or `join(list)`"),
    f("split", 1, Some(2), "`split(string, [delimiters])`"),
    f("splitUserName", 1, Some(1), "`splitUserName(name)`"),
    f("splitSlotName", 1, Some(1), "`splitSlotName(name)`"),
    f("strcmp", 2, Some(2), "`strcmp(a, b)`: case-sensitive comparison"),
    f("stricmp", 2, Some(2), "`stricmp(a, b)`: case-insensitive comparison"),
    f("versioncmp", 2, Some(2), "`versioncmp(a, b)`: version comparison"),
    f("versionGT", 2, Some(2), "`versionGT(a, b)`"),
    f("versionLT", 2, Some(2), "`versionLT(a, b)`"),
    f("versionGE", 2, Some(2), "`versionGE(a, b)`"),
    f("versionLE", 2, Some(2), "`versionLE(a, b)`"),
    f("versionEQ", 2, Some(2), "`versionEQ(a, b)`"),
    f("version_in_range", 3, Some(3), "`version_in_range(version, min, max)`"),
    f("toUpper", 1, Some(1), "`toUpper(string)`"),
    f("replace", 3, Some(4), "`replace(pattern, target, substitution, [options])`: first match replaced"),
    f("replaceAll", 3, Some(4), "`replaceAll(pattern, target, substitution, [options])`: every match replaced"),
    f("regexpMember", 2, Some(3), "`regexpMember(pattern, list, [options])`"),
    // ClassAd: string lists ("a, b, c" in one string).
    f("stringListSize", 1, Some(2), "`stringListSize(list, [delimiters])`"),
    f("stringListSum", 1, Some(2), "`stringListSum(list, [delimiters])`"),
    f("stringListAvg", 1, Some(2), "`stringListAvg(list, [delimiters])`"),
    f("stringListMin", 1, Some(2), "`stringListMin(list, [delimiters])`"),
    f("stringListMax", 1, Some(2), "`stringListMax(list, [delimiters])`"),
    f("stringListMember", 2, Some(3), "`stringListMember(item, list, [delimiters])`"),
    f("stringListIMember", 2, Some(3), "`stringListIMember(item, list, [delimiters])`"),
    f("stringListsIntersect", 2, Some(3), "`stringListsIntersect(list1, list2, [delimiters])`"),
    f("stringList_regexpMember", 2, Some(4), "`stringList_regexpMember(pattern, list, [delimiters], [options])`"),
    // ClassAd: time.
    f("time", 0, Some(0), "`time()`: seconds since the epoch"),
    f("formatTime", 0, Some(2), "`formatTime([time], [format])`"),
    f("interval", 1, Some(1), "`interval(seconds)`: `days+hh:mm:ss`"),
    // ClassAd: HTCondor environment.
    f("envV1ToV2", 1, Some(1), "`envV1ToV2(environment)`"),
    f("mergeEnvironment", 1, None, "`mergeEnvironment(env1, env2, ...)`"),
    f("userHome", 1, Some(2), "`userHome(user, [default])`"),
    f("userMap", 2, Some(4), "`userMap(mapSet, user, [preferredGroup], [defaultGroup])`"),
];

/// The function with this name, compared case-insensitively (`IfThenElse`, `StrJoin`).
pub fn lookup(name: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|spec| spec.name.eq_ignore_ascii_case(name))
}

impl FunctionSpec {
    /// True when a call with `count` arguments is allowed.
    pub fn accepts(&self, count: usize) -> bool {
        count >= self.min_args && self.max_args.is_none_or(|max| count <= max)
    }

    /// The accepted argument counts in words: `1 argument`, `2 or 3 arguments`,
    /// `at least 1 argument`.
    pub fn arity(&self) -> String {
        let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
        match self.max_args {
            None => format!("at least {} {}", self.min_args, plural(self.min_args)),
            Some(max) if max == self.min_args => format!("{max} {}", plural(max)),
            Some(max) if max == self.min_args + 1 => {
                format!("{} or {max} {}", self.min_args, plural(max))
            }
            Some(max) => format!("{} to {max} {}", self.min_args, plural(max)),
        }
    }
}

const fn f(name: &'static str, min_args: usize, max_args: Option<usize>, description: &'static str) -> FunctionSpec {
    FunctionSpec { name, min_args, max_args, description }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive() {
        assert_eq!(lookup("IfThenElse").unwrap().name, "ifThenElse");
        assert_eq!(lookup("STRJOIN").unwrap().name, "strjoin");
        assert_eq!(lookup("tolower").unwrap().name, "toLower");
        assert_eq!(lookup("Size").unwrap().name, "size");
        assert!(lookup("ifThenEls").is_none());
        assert!(lookup("endswith").is_none());
    }

    #[test]
    fn arities() {
        let if_then_else = lookup("ifThenElse").unwrap();
        assert!(if_then_else.accepts(3));
        assert!(!if_then_else.accepts(2));
        assert!(!if_then_else.accepts(4));
        assert!(lookup("regexp").unwrap().accepts(2));
        assert!(lookup("regexp").unwrap().accepts(3));
        assert!(!lookup("regexps").unwrap().accepts(2));
        assert!(lookup("strcat").unwrap().accepts(0));
        assert!(lookup("strcat").unwrap().accepts(12));
        assert!(!lookup("strjoin").unwrap().accepts(0));
        assert!(lookup("undefined").unwrap().accepts(0));
        assert!(!lookup("undefined").unwrap().accepts(1));
        assert_eq!(lookup("ifThenElse").unwrap().arity(), "3 arguments");
        assert_eq!(lookup("size").unwrap().arity(), "1 argument");
        assert_eq!(lookup("substr").unwrap().arity(), "2 or 3 arguments");
        assert_eq!(lookup("userMap").unwrap().arity(), "2 to 4 arguments");
        assert_eq!(lookup("strjoin").unwrap().arity(), "at least 1 argument");
        assert_eq!(lookup("undefined").unwrap().arity(), "0 arguments");
    }

    #[test]
    fn names_are_unique_and_ranges_sane() {
        for (i, spec) in FUNCTIONS.iter().enumerate() {
            assert!(
                !FUNCTIONS[..i].iter().any(|s| s.name.eq_ignore_ascii_case(spec.name)),
                "`{}` is listed twice",
                spec.name
            );
            assert!(spec.max_args.is_none_or(|max| max >= spec.min_args), "{}", spec.name);
        }
    }
}
