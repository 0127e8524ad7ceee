//! Typed indexes into the graph's tables. Each is a position in one table, so a node id
//! cannot be used to look up a taxonomy, nor a relation's index to look up a node: the
//! compiler tells them apart where a bare `usize` would not.

use std::ops::{Index, IndexMut};

/// Declares an index newtype over `usize`.
macro_rules! id {
    ($(#[doc = $doc:literal])+ $name:ident) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(usize);

        #[allow(dead_code, reason = "not every kind of id walks its own table")]
        impl $name {
            /// The id of the item at this position of its table.
            pub(crate) const fn new(index: usize) -> Self {
                Self(index)
            }

            /// The position in its table.
            pub const fn index(self) -> usize {
                self.0
            }

            /// The ids of a table of `len` items, in order.
            pub(crate) fn all(len: usize) -> impl DoubleEndedIterator<Item = Self> + Clone {
                (0..len).map(Self)
            }

            /// The ids of a table of `len` items, for a parallel pass over it.
            pub(crate) fn par_all(
                len: usize,
            ) -> impl rayon::iter::IndexedParallelIterator<Item = Self> {
                use rayon::iter::{IntoParallelIterator, ParallelIterator};
                (0..len).into_par_iter().map(Self)
            }

            /// The items of a table with their ids, in order.
            pub(crate) fn enumerate<T>(items: &[T]) -> impl DoubleEndedIterator<Item = (Self, &T)> {
                items.iter().enumerate().map(|(i, item)| (Self(i), item))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id! {
    /// A page or section: its position in [`Graph::nodes`](super::Graph::nodes), and in every
    /// table with one entry per node (`links`, `relations`, `incoming`, `node_terms`…).
    NodeId
}

id! {
    /// A taxonomy: its position in `config.taxonomies` and in
    /// [`Graph::taxonomies`](super::Graph::taxonomies), which follow the same book.toml order.
    TaxonomyId
}

id! {
    /// A kind of relation: its position in `config.relations`.
    RelationId
}

/// One term of one taxonomy: the taxonomy, and the term's position in its
/// [`TaxonomyPages::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId {
    /// The taxonomy.
    pub taxonomy: TaxonomyId,
    /// The position in the taxonomy's `terms`.
    pub term: usize,
}

/// Lets tables be indexed by an id: `graph.nodes[id]`, `graph.links[id]`,
/// `config.taxonomies[taxonomy]`. The tables are of many types (the graph's, the
/// renderer's per-node values), so the impl is generic: an id can index any `Vec`, which is
/// the price of not wrapping each table in a type of its own. What the ids do protect is
/// every signature, tuple and map that holds one.
macro_rules! indexes_vecs {
    ($($id:ty),+) => {
        $(
            impl<T> Index<$id> for Vec<T> {
                type Output = T;
                fn index(&self, id: $id) -> &T {
                    &self[id.index()]
                }
            }

            impl<T> IndexMut<$id> for Vec<T> {
                fn index_mut(&mut self, id: $id) -> &mut T {
                    &mut self[id.index()]
                }
            }
        )+
    };
}

indexes_vecs!(NodeId, TaxonomyId, RelationId);
