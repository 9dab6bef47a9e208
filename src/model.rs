//! The typed model of a template or record file, separate from pest's `Pairs`.
//!
//! Sections live in one arena ([`Template::sections`]) and refer to each other by [`SectionId`].
//! Names and keys keep the text as the user wrote it plus a lowercase lookup form, because the
//! format "is case insensitive throughout". Every node carries a byte [`Span`].

use serde::Serialize;
use smol_str::SmolStr;

use crate::span::Span;

/// What a file holds: a cluster template, or `AdType = …` ClassAd records (image registry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FileKind {
    Template,
    Records,
}

/// A parsed file.
#[derive(Clone, Debug, Serialize)]
pub struct Template {
    pub kind: FileKind,
    /// Every section, in file order. `SectionId(i)` is `sections[i]`.
    pub sections: Vec<Section>,
    /// Attributes written before any section header (only in fragments and broken files).
    pub top_attributes: Vec<Attribute>,
    /// Records of a record file (empty for a template).
    pub records: Vec<Record>,
    /// Every comment, in file order.
    pub comments: Vec<Comment>,
}

/// A section's position in [`Template::sections`]: 32 bits (a file is at most 4 GiB, and a
/// section takes a line), which keeps a section's parent and child lists small.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct SectionId(pub u32);

impl SectionId {
    /// The section's position in [`Template::sections`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The kind word of a section header, compared case-insensitively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    Cluster,
    Node,
    NodeArray,
    Volume,
    NetworkInterface,
    InputEndpoint,
    ClusterInit,
    Configuration,
    Environment,
    NodeRef,
    Parameters,
    Parameter,
    List,
    Record,
    Autoscaler,
    Unknown,
}

impl SectionKind {
    /// Every known kind with its keyword, for lookups and "did you mean".
    pub const KEYWORDS: &'static [(&'static str, SectionKind)] = &[
        ("cluster", SectionKind::Cluster),
        ("node", SectionKind::Node),
        ("nodearray", SectionKind::NodeArray),
        ("volume", SectionKind::Volume),
        ("network-interface", SectionKind::NetworkInterface),
        ("input-endpoint", SectionKind::InputEndpoint),
        ("cluster-init", SectionKind::ClusterInit),
        ("configuration", SectionKind::Configuration),
        ("environment", SectionKind::Environment),
        ("noderef", SectionKind::NodeRef),
        ("parameters", SectionKind::Parameters),
        ("parameter", SectionKind::Parameter),
        ("list", SectionKind::List),
        ("record", SectionKind::Record),
        ("autoscaler", SectionKind::Autoscaler),
    ];

    pub fn from_keyword(word: &str) -> SectionKind {
        SectionKind::KEYWORDS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(word))
            .map_or(SectionKind::Unknown, |&(_, kind)| kind)
    }

    pub fn keyword(self) -> &'static str {
        SectionKind::KEYWORDS.iter().find(|&&(_, k)| k == self).map_or("unknown", |&(w, _)| w)
    }

    /// A node or a nodearray: something CycleCloud may launch.
    pub fn is_node_like(self) -> bool {
        matches!(self, SectionKind::Node | SectionKind::NodeArray)
    }
}

/// One `[kind name]` section with its attributes and sub-sections.
#[derive(Clone, Debug)]
pub struct Section {
    pub id: SectionId,
    pub kind: SectionKind,
    /// Number of brackets (see [`Section::rank`]): at most [`crate::syntax::MAX_SECTION_RANK`],
    /// a deeper header opens no section.
    rank: u8,
    /// The kind word as written (`Parameter`, `configuraton`) when it is not the kind's
    /// lowercase keyword (see [`Section::kind_text`]): most headers write the keyword, so most
    /// sections store nothing, in a pointer (a boxed `str` in place would take 16 bytes).
    kind_written: Option<Box<Box<str>>>,
    pub kind_span: Span,
    /// The name as written, trimmed; `None` when the header has no name.
    pub name: Option<Name>,
    /// The header line, brackets included.
    pub header_span: Span,
    /// From the header to the end of the section's last line (sub-sections included).
    pub span: Span,
    pub parent: Option<SectionId>,
    /// Set when the section closes (lists of exact size: most of the model is these lists).
    pub children: Box<[SectionId]>,
    pub attributes: Box<[Attribute]>,
    /// Positions in `attributes` sorted by lowercase key, in written order within a key: built
    /// when the section closes, for a section of more than [`Section::LINEAR_LOOKUP`] attributes
    /// (`None` otherwise, and the list is searched in order). Behind a pointer: most sections
    /// have none.
    key_index: Option<Box<Box<[u32]>>>,
}

/// As the model was first serialized (`parse`): the kind word as written and the rank are fields.
impl Serialize for Section {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Section", 11)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("kind", &self.kind)?;
        s.serialize_field("kind_text", self.kind_text())?;
        s.serialize_field("kind_span", &self.kind_span)?;
        s.serialize_field("name", &self.name)?;
        s.serialize_field("rank", &self.rank())?;
        s.serialize_field("header_span", &self.header_span)?;
        s.serialize_field("span", &self.span)?;
        s.serialize_field("parent", &self.parent)?;
        s.serialize_field("children", &self.children)?;
        s.serialize_field("attributes", &self.attributes)?;
        s.end()
    }
}

impl Section {
    /// Sections with at most this many attributes are searched in order, without an index.
    pub const LINEAR_LOOKUP: usize = 16;

    /// A section as the lowering opens it: no sub-sections, attributes or index yet.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn open(
        id: SectionId,
        kind: SectionKind,
        kind_text: &str,
        kind_span: Span,
        name: Option<Name>,
        rank: usize,
        header_span: Span,
        parent: Option<SectionId>,
    ) -> Section {
        Section {
            id,
            kind,
            rank: u8::try_from(rank).unwrap_or(u8::MAX),
            kind_written: (kind_text != kind.keyword()).then(|| Box::new(kind_text.into())),
            kind_span,
            name,
            header_span,
            span: header_span,
            parent,
            children: Box::default(),
            attributes: Box::default(),
            key_index: None,
        }
    }

    /// The number of brackets of the header.
    pub fn rank(&self) -> usize {
        self.rank as usize
    }

    /// The kind word as written (`Parameter`, `configuraton`).
    pub fn kind_text(&self) -> &str {
        self.kind_written.as_deref().map_or(self.kind.keyword(), |k| k)
    }

    /// Completes the section when it closes: its attributes and sub-sections, and the index of its
    /// attributes by key.
    pub(crate) fn close(&mut self, attributes: Vec<Attribute>, children: Vec<SectionId>) {
        self.attributes = attributes.into_boxed_slice();
        self.children = children.into_boxed_slice();
        self.index_keys();
    }

    /// Indexes the attributes by key (once the section is complete), so that [`Section::attribute`]
    /// stays logarithmic on a section with a million attributes, at four bytes an attribute.
    fn index_keys(&mut self) {
        if self.attributes.len() <= Self::LINEAR_LOOKUP {
            self.key_index = None;
            return;
        }
        let mut index: Vec<u32> = (0..self.attributes.len() as u32).collect();
        index.sort_by(|&a, &b| self.attributes[a as usize].key.cmp_lookup(&self.attributes[b as usize].key));
        self.key_index = Some(Box::new(index.into_boxed_slice()));
    }

    /// The lowercase name, or `""` for an unnamed section.
    pub fn lookup_name(&self) -> SmolStr {
        self.name.as_ref().map_or(SmolStr::default(), Name::lookup)
    }

    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.text.as_str())
    }

    /// The last attribute with this key (case-insensitive): the one that wins.
    pub fn attribute(&self, key: &str) -> Option<&Attribute> {
        let Some(index) = &self.key_index else {
            return self.attributes.iter().rev().find(|a| a.key.text.eq_ignore_ascii_case(key));
        };
        let key_of = |i: u32| &self.attributes[i as usize].key.text;
        // The end of `key`'s run: its last entry is the last written.
        let end = index.partition_point(|&i| cmp_ignore_ascii_case(key_of(i), key).is_le());
        let last = *index.get(end.checked_sub(1)?)?;
        key_of(last).eq_ignore_ascii_case(key).then(|| &self.attributes[last as usize])
    }
}

/// A name or key: the text as written and its span. Names compare ASCII case-insensitively,
/// through [`Name::lookup`] or without building it ([`Name::is`], [`Name::cmp_lookup`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: SmolStr,
    pub span: Span,
}

impl Name {
    pub fn new(text: &str, span: Span) -> Name {
        Name { text: SmolStr::new(text), span }
    }

    /// The lowercase form names are compared by. Computed, not stored (a name of up to 23 bytes
    /// needs no allocation): a stored copy cost 24 bytes on every attribute of the model.
    pub fn lookup(&self) -> SmolStr {
        smol_str::StrExt::to_ascii_lowercase_smolstr(self.text.as_str())
    }

    /// Whether this name is `lowercase` (which is written in lowercase), in any case.
    pub fn is(&self, lowercase: &str) -> bool {
        self.text.eq_ignore_ascii_case(lowercase)
    }

    /// Orders two names as their lookup forms would be ordered.
    pub fn cmp_lookup(&self, other: &Name) -> std::cmp::Ordering {
        cmp_ignore_ascii_case(&self.text, &other.text)
    }
}

/// Orders `a` and `b` as their ASCII-lowercase forms would be ordered, without building them.
pub fn cmp_ignore_ascii_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// As the model was first serialized (`parse`): the lookup form is a field.
impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Name", 3)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("lookup", &self.lookup())?;
        s.serialize_field("span", &self.span)?;
        s.end()
    }
}

/// The assignment operator of an attribute line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operator {
    /// `Key = value`: "smart" literal parsing.
    Assign,
    /// `Key := expr`: a strict ClassAd expression.
    Define,
    /// `Key = =expr`: the `=` spelling of an expression.
    AssignExpression,
}

/// One `Key = value` line (or lines, for a triple-quoted string).
#[derive(Clone, Debug)]
pub struct Attribute {
    pub key: Name,
    pub value: Value,
    pub operator: Operator,
    /// Where the operator starts: its length follows from its kind (see [`Attribute::operator_span`]).
    operator_start: u32,
}

impl Attribute {
    /// An attribute line; `operator_span` is where `operator` is written (`:=` for
    /// [`Operator::Define`], else the first `=`).
    pub fn new(key: Name, operator: Operator, operator_span: Span, value: Value) -> Attribute {
        Attribute { key, value, operator, operator_start: operator_span.start() as u32 }
    }

    /// The operator as written: `:=` (two bytes) for [`Operator::Define`], else the first `=`.
    pub fn operator_span(&self) -> Span {
        let start = self.operator_start as usize;
        Span::new(start, start + if self.operator == Operator::Define { 2 } else { 1 })
    }

    /// The whole attribute, key to the end of its value (inline comment excluded). Computed, not
    /// stored: one span less on every attribute line of the model.
    pub fn span(&self) -> Span {
        self.key.span.cover(self.operator_span()).cover(self.value.span)
    }
}

/// As the model was first serialized (`parse`): the attribute's span is a field.
impl Serialize for Attribute {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Attribute", 5)?;
        s.serialize_field("key", &self.key)?;
        s.serialize_field("operator", &self.operator)?;
        s.serialize_field("operator_span", &self.operator_span())?;
        s.serialize_field("value", &self.value)?;
        s.serialize_field("span", &self.span())?;
        s.end()
    }
}

/// A typed value with its span (the value text, without an inline comment).
#[derive(Clone, Debug, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

/// How a string value was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quoting {
    /// No quotes: a bare word.
    Bare,
    Double,
    Single,
    /// `'''…'''` or `"""…"""`.
    Triple,
    /// Started with a quote but was not one clean string (tolerated, with a warning).
    Lenient,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum ValueKind {
    /// Nothing after the operator.
    Empty,
    String {
        text: SmolStr,
        quoting: Quoting,
    },
    Integer(i64),
    Float(f64),
    Boolean(bool),
    /// A bare `undefined`.
    Undefined,
    /// `$Name` alone: keeps the parameter's type (boxed, like `Expression`, to keep every
    /// attribute small: a value is one of the largest parts of the model).
    ParameterRef(Box<Name>),
    /// `${expr}` alone, a `:=` value, or a `= =expr` value.
    Expression(Box<Expr>),
    /// Text with embedded `$name` or `${expr}`.
    Interpolated(Vec<Part>),
    /// Top-level commas; a trailing comma makes a one-element list.
    List(Vec<Value>),
    /// An expression or string that did not parse; the diagnostic was already reported.
    Invalid(String),
}

impl Value {
    /// The literal text of a string value (any quoting).
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String { text, .. } => Some(text),
            _ => None,
        }
    }

    /// True when the value is computed (`$Param`, `${…}`, `:=`, interpolated): not a literal.
    pub fn is_computed(&self) -> bool {
        match &self.kind {
            ValueKind::ParameterRef(_) | ValueKind::Expression(_) | ValueKind::Interpolated(_) => true,
            ValueKind::List(items) => items.iter().any(Value::is_computed),
            _ => false,
        }
    }

    /// True for `undefined`, `:= undefined` and `:= undefined()`: the value clears what is inherited.
    pub fn is_undefined(&self) -> bool {
        match &self.kind {
            ValueKind::Undefined => true,
            ValueKind::Expression(e) => e.is_undefined(),
            _ => false,
        }
    }

    /// A literal boolean, also when written as a string such as `"True"`.
    pub fn as_bool(&self) -> Option<bool> {
        match &self.kind {
            ValueKind::Boolean(b) => Some(*b),
            ValueKind::String { text, .. } if text.eq_ignore_ascii_case("true") => Some(true),
            ValueKind::String { text, .. } if text.eq_ignore_ascii_case("false") => Some(false),
            ValueKind::Expression(e) => match e.kind {
                ExprKind::Boolean { value } => Some(value),
                _ => None,
            },
            _ => None,
        }
    }

    /// The text of a literal scalar as written after parsing (strings, numbers, booleans).
    pub fn literal_text(&self) -> Option<String> {
        match &self.kind {
            ValueKind::String { text, .. } => Some(text.to_string()),
            ValueKind::Integer(i) => Some(i.to_string()),
            ValueKind::Float(f) => Some(f.to_string()),
            ValueKind::Boolean(b) => Some(b.to_string()),
            ValueKind::Expression(e) => match &e.kind {
                ExprKind::String { value } => Some(value.to_string()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A piece of an interpolated string.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Part {
    Text(String),
    /// `$Name` embedded in text.
    ParameterRef(Name),
    /// `${expr}` embedded in text.
    Expression(Expr),
}

/// A ClassAd expression (from `${…}`, `:=`, or a record value that is more than one literal).
#[derive(Clone, Debug, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnaryOp {
    Not,
    Minus,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BinaryOp {
    Or,
    And,
    In,
    Eq,
    Ne,
    /// `=?=`, `is`, `===`
    Is,
    /// `=!=`, `isnt`, `!==`
    Isnt,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum ExprKind {
    Integer {
        value: i64,
    },
    Float {
        value: f64,
    },
    String {
        value: SmolStr,
    },
    Boolean {
        value: bool,
    },
    Undefined,
    Error,
    List {
        items: Vec<Expr>,
    },
    Record {
        fields: Vec<(Name, Expr)>,
    },
    /// A bare name: a parameter, or a field of the evaluated object (`Package`).
    Reference {
        name: Box<Name>,
    },
    /// `$Name` inside an expression.
    ParameterRef {
        name: Box<Name>,
    },
    /// `base.name` (the name may have been written quoted: `a.'x/y'`).
    Member {
        base: Box<Expr>,
        name: Box<Name>,
    },
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
    },
    Call {
        name: Box<Name>,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Conditional {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
}

impl Expr {
    /// `undefined` or `undefined()`.
    pub fn is_undefined(&self) -> bool {
        match &self.kind {
            ExprKind::Undefined => true,
            ExprKind::Call { name, args } => name.is("undefined") && args.is_empty(),
            _ => false,
        }
    }

    /// Calls `f` on this expression and every sub-expression, outermost first (iteratively).
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Expr)) {
        let mut stack = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            match &e.kind {
                ExprKind::List { items } => stack.extend(items.iter().rev()),
                ExprKind::Record { fields } => stack.extend(fields.iter().rev().map(|(_, v)| v)),
                ExprKind::Member { base, .. } => stack.push(base),
                ExprKind::Index { base, index } => {
                    stack.push(index);
                    stack.push(base);
                }
                ExprKind::Call { args, .. } => stack.extend(args.iter().rev()),
                ExprKind::Unary { operand, .. } => stack.push(operand),
                ExprKind::Binary { left, right, .. } => {
                    stack.push(right);
                    stack.push(left);
                }
                ExprKind::Conditional { condition, then, otherwise } => {
                    stack.push(otherwise);
                    stack.push(then);
                    stack.push(condition);
                }
                _ => {}
            }
        }
    }
}

impl Value {
    /// Calls `f` on every expression in this value (lists, interpolations, `${}` and `:=`).
    pub fn walk_exprs<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        match &self.kind {
            ValueKind::Expression(e) => e.walk(&mut *f),
            ValueKind::Interpolated(parts) => {
                for part in parts {
                    if let Part::Expression(e) = part {
                        e.walk(&mut *f);
                    }
                }
            }
            ValueKind::List(items) => items.iter().for_each(|v| v.walk_exprs(f)),
            _ => {}
        }
    }

    /// Every parameter named by this value: `$Name`, and in expressions bare references and `$Name`
    /// (the root name of a dotted or indexed reference).
    pub fn referenced_names(&self) -> Vec<&Name> {
        let mut names = Vec::new();
        self.collect_refs(&mut names);
        names
    }

    fn collect_refs<'a>(&'a self, names: &mut Vec<&'a Name>) {
        match &self.kind {
            ValueKind::ParameterRef(n) => names.push(n),
            ValueKind::Interpolated(parts) => {
                for part in parts {
                    match part {
                        Part::ParameterRef(n) => names.push(n),
                        Part::Expression(e) => e.walk(|e| push_ref(e, names)),
                        Part::Text(_) => {}
                    }
                }
            }
            ValueKind::Expression(e) => e.walk(|e| push_ref(e, names)),
            ValueKind::List(items) => items.iter().for_each(|v| v.collect_refs(names)),
            _ => {}
        }
    }
}

fn push_ref<'a>(e: &'a Expr, names: &mut Vec<&'a Name>) {
    match &e.kind {
        ExprKind::Reference { name } | ExprKind::ParameterRef { name } => names.push(name),
        _ => {}
    }
}

/// A `#` comment. `attached` is true when it follows a header or value on the same line.
#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    pub text: String,
    pub span: Span,
    pub trailing: bool,
}

/// One `AdType = …` record of a record file: attributes up to a blank line.
#[derive(Clone, Debug, Serialize)]
pub struct Record {
    pub attributes: Vec<Attribute>,
    pub span: Span,
}

impl Record {
    /// The last attribute with this key (case-insensitive).
    pub fn attribute(&self, key: &str) -> Option<&Attribute> {
        self.attributes.iter().rev().find(|a| a.key.text.eq_ignore_ascii_case(key))
    }

    /// A string field's text.
    pub fn string(&self, key: &str) -> Option<&str> {
        match &self.attribute(key)?.value.kind {
            ValueKind::Expression(e) => match &e.kind {
                ExprKind::String { value } => Some(value),
                _ => None,
            },
            ValueKind::String { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn ad_type(&self) -> Option<&str> {
        self.string("AdType")
    }
}

impl Template {
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.index()]
    }

    /// Top-level sections (rank 1, or with no open parent).
    pub fn roots(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.parent.is_none())
    }

    pub fn children(&self, id: SectionId) -> impl Iterator<Item = &Section> {
        self.sections[id.index()].children.iter().map(|c| &self.sections[c.index()])
    }

    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(move |s| s.kind == kind)
    }

    /// The nearest ancestor of `id` (itself excluded) of the given kind.
    pub fn ancestor(&self, id: SectionId, kind: SectionKind) -> Option<&Section> {
        let mut current = self.sections[id.index()].parent;
        while let Some(p) = current {
            let section = &self.sections[p.index()];
            if section.kind == kind {
                return Some(section);
            }
            current = section.parent;
        }
        None
    }

    /// Section path from the root, as `cluster x/node y/configuration`: used for fingerprints.
    pub fn section_path(&self, id: SectionId) -> String {
        let mut parts = Vec::new();
        let mut current = Some(id);
        while let Some(c) = current {
            let s = &self.sections[c.index()];
            let name = s.lookup_name();
            parts.push(if name.is_empty() {
                s.kind.keyword().to_string()
            } else {
                format!("{} {}", s.kind.keyword(), name)
            });
            current = s.parent;
        }
        parts.reverse();
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A closed section of more than `LINEAR_LOOKUP` attributes has its key index (sorted by
    /// lowercase key, written order within a key); a smaller one has none. Either way
    /// `attribute` finds the last setting of a key in any case, and nothing for another key.
    #[test]
    fn sections_index_their_keys_past_the_linear_limit() {
        // `count` keys, then one repeated: `count + 1` attributes.
        for count in [Section::LINEAR_LOOKUP - 1, Section::LINEAR_LOOKUP] {
            let keys: String = (0..count).map(|i| format!("K{} = {i}\n", count - i)).collect();
            let text = format!("[cluster c]\n{keys}k2 = again\n[[node n]]\n");
            let template = crate::syntax::parse(&text).template;
            let cluster = &template.sections[0];
            let index: Vec<&str> = cluster
                .key_index
                .iter()
                .flat_map(|k| k.iter())
                .map(|&i| cluster.attributes[i as usize].key.text.as_str())
                .collect();
            if count + 1 == Section::LINEAR_LOOKUP {
                assert!(index.is_empty());
            } else {
                let mut sorted = index.clone();
                sorted.sort_by(|a, b| cmp_ignore_ascii_case(a, b));
                assert_eq!((index.len(), &index), (count + 1, &sorted));
                assert_eq!(index.iter().filter(|k| k.eq_ignore_ascii_case("k2")).collect::<Vec<_>>(), [&"K2", &"k2"]);
            }
            assert_eq!(cluster.attribute("K2").and_then(|a| a.value.literal_text()).as_deref(), Some("again"));
            assert_eq!(cluster.attribute("k1").and_then(|a| a.value.literal_text()), Some((count - 1).to_string()));
            assert!(cluster.attribute("K0").is_none() && cluster.attribute("K").is_none());
        }
    }

    /// The model is most of a check's memory: one `Attribute` per attribute line, one `Expr` per
    /// expression node. A field that makes them grow should be a deliberate choice (box it).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn model_sizes() {
        let sizes = [
            ("Attribute", std::mem::size_of::<Attribute>()),
            ("Value", std::mem::size_of::<Value>()),
            ("Expr", std::mem::size_of::<Expr>()),
            ("Section", std::mem::size_of::<Section>()),
        ];
        assert_eq!(sizes, [("Attribute", 80), ("Value", 40), ("Expr", 40), ("Section", 120)]);
    }
}
