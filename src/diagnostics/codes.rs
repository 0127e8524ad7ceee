//! The kinds of problem praxis reports, each with its stable kebab-case name. The names are
//! part of the interface: `praxis check --format json` prints them, CI filters on them, and
//! the handbook's diagnostics reference lists every one (a test keeps the two in step).

/// Declares [`Code`] with each variant's name, so the list of names cannot drift from the enum.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// The kind of problem a [`Diagnostic`](super::Diagnostic) reports.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, in the order of the handbook's reference.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable kebab-case name: `broken-link`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    /// `book.toml` is missing, unreadable or wrong, or a folder it names cannot be found.
    Config = "config",
    /// The output folder is refused or cannot be written, or the previous one not removed.
    Output = "output",
    /// The disk or quota has no room left.
    DiskFull = "disk-full",
    /// A file cannot be read.
    Io = "io",
    /// A markdown file is not valid UTF-8.
    Encoding = "encoding",
    /// A file name is not valid UTF-8.
    FileName = "file-name",
    /// A symbolic link was not followed.
    Symlink = "symlink",
    /// A symbolic link leads back to a folder above it.
    SymlinkLoop = "symlink-loop",
    /// Front matter cannot be read.
    FrontMatter = "front-matter",
    /// A page left out of the build by its date or draft status.
    LeftOut = "left-out",
    /// The home page is written as `content/index.md`.
    RootIndex = "root-index",
    /// A folder holds both `_index.md` and `index.md`.
    BundleAndSection = "bundle-and-section",
    /// A file name or `slug` has nothing to make a URL from.
    EmptySlug = "empty-slug",
    /// A `url` in front matter cannot be used.
    Url = "url",
    /// A markdown file inside a page bundle is not rendered.
    BundleMarkdown = "bundle-markdown",
    /// Something in the content or data folder is not a file, folder or link.
    SpecialFile = "special-file",
    /// A shortcode call cannot be read or rendered, or names no template.
    Shortcode = "shortcode",
    /// A code block's options are not understood.
    CodeBlock = "code-block",
    /// Two sources would write the same output file.
    OutputCollision = "output-collision",
    /// An alias is skipped.
    Alias = "alias",
    /// An alias is the page's own address.
    AliasSelf = "alias-self",
    /// An alias is the address of another page, which is kept.
    AliasShadowed = "alias-shadowed",
    /// Another page has the same alias and comes first.
    AliasDuplicate = "alias-duplicate",
    /// An alias would write over a file the build writes.
    AliasOverFile = "alias-over-file",
    /// Two pages have the same id.
    DuplicateId = "duplicate-id",
    /// A template is missing, does not parse, or fails.
    Template = "template",
    /// A menu entry cannot be placed.
    Menu = "menu",
    /// A file in `data/` cannot be used.
    Data = "data",
    /// A taxonomy term has nothing to make an address from.
    EmptyTerm = "empty-term",
    /// One term is written in several spellings that give the same address.
    TermSpelling = "term-spelling",
    /// Two pages describe the same term.
    TermLanding = "term-landing",
    /// A file under a taxonomy's folder is not rendered.
    TaxonomyFolder = "taxonomy-folder",
    /// A taxonomy's feed needs an absolute `base-url`.
    Feed = "feed",
    /// A link or image leads to no page or file.
    BrokenLink = "broken-link",
    /// A link's `#anchor` is not an id on the target page.
    BrokenAnchor = "broken-anchor",
    /// A relation in front matter names no page.
    BrokenRelation = "broken-relation",
    /// An absolute link matches only when case is ignored.
    LinkCase = "link-case",
    /// A link's address runs script or opens a `data:` document.
    UnsafeLink = "unsafe-link",
    /// A link or image points at `file:`.
    LocalFileLink = "local-file-link",
    /// A former address is not an absolute `http(s)` address.
    FormerUrl = "former-url",
    /// Two pages name the same former address.
    DuplicateFormerUrl = "duplicate-former-url",
    /// A page breaks a content contract.
    Schema = "schema",
    /// A content contract expects a relation the page does not use.
    MissingRelation = "missing-relation",
    /// A symmetric relation is written on one side only.
    OneWayRelation = "one-way-relation",
    /// A hidden page that no page links to.
    Orphan = "orphan",
    /// `[[ID]]` resolved to the default language's page.
    Translation = "translation",
    /// An external link's server says the page is gone.
    DeadLink = "dead-link",
    /// An external link gave no clear answer.
    UncheckedLink = "unchecked-link",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tests and tools compare with the name they read in output: `d.code == "broken-link"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_distinct_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "`{name}` is given twice");
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "`{name}` is not kebab-case"
            );
        }
    }
}
