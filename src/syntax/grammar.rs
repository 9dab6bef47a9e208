//! The pest parsers generated from `grammar/*.pest`. Only `syntax::lower` looks at their output.

use pest_derive::Parser;

#[derive(Parser)]
#[grammar = "../grammar/template.pest"]
pub(crate) struct TemplateParser;

pub(crate) mod expression {
    use pest_derive::Parser;

    #[derive(Parser)]
    #[grammar = "../grammar/expression.pest"]
    pub(crate) struct ExpressionParser;
}
