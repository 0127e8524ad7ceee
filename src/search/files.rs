//! The files of the index, all under [`super::DIR`] (see `docs/search-format.md`):
//!
//! - `index.json`: the format version, the number of pages, the shard keys and the filters:
//!   all a first query needs before its shards, and nothing that grows with the pages;
//! - `t/<key>.bin`: the term entries whose terms start with `key` (hex of its UTF-8);
//! - `p/<n>.json`: the records of pages `n * PER ..`: url, title, id, section, snippet text;
//! - `f/<name>.json`: for one filter, each value with its pages, loaded only when a reader
//!   filters.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::index::TermPostings;
use super::{DIR, Record, index, tokens};
use crate::diagnostics::Diagnostic;
use crate::graph::Graph;
use crate::output::Sink;

/// The version of the format; the script refuses others.
pub const VERSION: u32 = 1;

/// Page records per `p/` file: small enough that the ten results a query shows, spread over
/// ten files, stay within the transfer budget.
pub const PER: usize = 8;

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    pages: usize,
    per: usize,
    shards: Vec<String>,
    filters: Vec<Filter<'a>>,
}

#[derive(Serialize)]
struct Filter<'a> {
    name: &'a str,
    title: &'a str,
    file: String,
}

/// Writes every file of the index.
pub fn write(
    graph: &Graph,
    filters: &[(String, String)],
    terms: &[TermPostings],
    records: &[Record],
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let dirs = [
        DIR.to_string(),
        format!("{DIR}/t"),
        format!("{DIR}/p"),
        format!("{DIR}/f"),
    ];
    if let Err(e) = sink.create_dirs(&mut dirs.iter().map(String::as_str)) {
        return vec![e.into()];
    }
    let pages = records.len() as u32;
    let shards: Vec<&[TermPostings]> = terms
        .chunk_by(|a, b| tokens::shard_key(&a.0) == tokens::shard_key(&b.0))
        .collect();
    let manifest = Manifest {
        version: VERSION,
        pages: records.len(),
        per: PER,
        shards: shards
            .iter()
            .map(|s| hex(tokens::shard_key(&s[0].0)))
            .collect(),
        filters: filters
            .iter()
            .map(|(name, title)| Filter {
                name,
                title,
                file: format!("f/{}.json", file_name(name)),
            })
            .collect(),
    };
    let mut problems = Vec::new();
    let json = serde_json::to_vec(&manifest).expect("plain values serialize");
    problems.extend(sink.write(&format!("{DIR}/index.json"), &json).err());
    let shard_errors = shards.par_iter().filter_map(|shard| {
        let mut out = Vec::new();
        for (term, postings) in *shard {
            index::encode_term(&mut out, term, postings, pages);
        }
        let key = hex(tokens::shard_key(&shard[0].0));
        sink.write(&format!("{DIR}/t/{key}.bin"), &out).err()
    });
    let record_errors = records
        .par_chunks(PER)
        .enumerate()
        .filter_map(|(n, chunk)| {
            let rows: Vec<_> = chunk
                .iter()
                .map(|r| {
                    let section = graph.nodes[r.section].title.as_str();
                    (&r.url, &r.title, &r.id, section, &r.text)
                })
                .collect();
            let json = serde_json::to_vec(&rows).expect("plain values serialize");
            sink.write(&format!("{DIR}/p/{n}.json"), &json).err()
        });
    problems.extend(shard_errors.chain(record_errors).collect::<Vec<_>>());
    for (i, (name, _)) in filters.iter().enumerate() {
        let json = filter_file(records, i);
        let path = format!("{DIR}/f/{}.json", file_name(name));
        problems.extend(sink.write(&path, &json).err());
    }
    problems.into_iter().map(Diagnostic::from).collect()
}

/// `{"values": [[value, [page gaps…]], …]}` for filter `filter`, values sorted.
fn filter_file(records: &[Record], filter: usize) -> Vec<u8> {
    let mut values: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (page, record) in records.iter().enumerate() {
        for (_, value) in record.filters.iter().filter(|(f, _)| *f == filter) {
            values.entry(value).or_default().push(page as u32);
        }
    }
    let rows: Vec<(&str, Vec<u32>)> = values
        .into_iter()
        .map(|(value, pages)| {
            let gaps = pages
                .iter()
                .scan(0, |before, &p| {
                    let gap = p - *before;
                    *before = p;
                    Some(gap)
                })
                .collect();
            (value, gaps)
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "values": rows })).expect("plain values serialize")
}

/// A filter name as a file name.
fn file_name(name: &str) -> String {
    let slug = crate::text::slugify(name);
    if slug.is_empty() { hex(name) } else { slug }
}

/// Lowercase hex of the UTF-8 of `key`.
pub fn hex(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}
