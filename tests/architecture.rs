//! The architecture's rules, kept by a test rather than by convention: the layer table of
//! ARCHITECTURE.md is read as written (so the document and the check cannot drift apart), and
//! every `crate::` path of every source file is checked against it; then the rules the table
//! does not hold (egui only in the window's layers, no file I/O below `io`, no import circle
//! between the files of a folder). A violation names the file, the line and the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One row of the layer table: the files it covers and what they may import.
#[derive(Debug)]
struct Layer {
    name: String,
    /// Source paths (relative to the crate root, e.g. `src/app/` or `src/format.rs`).
    folders: Vec<String>,
    /// Module paths it may import (`carto`, `map::painter`…); `everything below` expanded.
    may_import: Vec<String>,
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cells of a Markdown table row, trimmed.
fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect()
}

/// The back-quoted words of a cell (`` `src/app/` `` → `src/app/`).
fn quoted(cell: &str) -> Vec<String> {
    cell.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_owned())
        .collect()
}

/// The top-level module a source folder or file is (`src/app/` → `app`, `src/format.rs` →
/// `format`).
fn module_of_folder(folder: &str) -> String {
    folder
        .trim_start_matches("src/")
        .trim_end_matches('/')
        .trim_end_matches(".rs")
        .to_owned()
}

/// The layer table of ARCHITECTURE.md, top (binary) to bottom.
fn layers() -> Vec<Layer> {
    let text =
        std::fs::read_to_string(crate_root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        let c = cells(line);
        if line.trim_start().starts_with("| layer |") {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        if !line.trim_start().starts_with('|') {
            break;
        }
        if c.iter().all(|x| x.chars().all(|ch| ch == '-' || ch == ' ')) {
            continue;
        }
        assert_eq!(
            c.len(),
            5,
            "ARCHITECTURE.md: a layer row has five cells: {line}"
        );
        rows.push((c[0].clone(), quoted(&c[1]), c[4].clone()));
    }
    assert!(rows.len() >= 10, "ARCHITECTURE.md: layer table not found");
    let mut layers: Vec<Layer> = Vec::new();
    for (i, (name, folders, imports)) in rows.iter().enumerate() {
        let may_import = if let Some(rest) = imports.strip_prefix("everything below") {
            let except = quoted(rest);
            rows.iter()
                .skip(i + 1)
                .flat_map(|(_, f, _)| f.iter().map(|f| module_of_folder(f)))
                .filter(|m| !except.contains(m))
                .collect()
        } else {
            quoted(imports)
        };
        layers.push(Layer {
            name: name.clone(),
            folders: folders.clone(),
            may_import,
        });
    }
    layers
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read_dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The source with comments and the `#[cfg(test)]` module removed (tests may reach anywhere),
/// one entry per line (numbered from 1).
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        };
        out.push((i + 1, code.to_owned()));
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a piece of code names after `prefix` (e.g. `crate::`), brace groups
/// expanded: `crate::{io::import, carto}` → `io::import`, `carto`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before_ok = rest[..at].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = &rest[at + prefix.len()..];
        if before_ok {
            expand(after, Vec::new(), &mut out);
        }
        rest = after;
    }
    out
}

/// Reads one path (or brace group) at the start of `text`, adding what it names to `out`.
fn expand(text: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut path = base;
    let mut s = text;
    loop {
        let ident: String = s.chars().take_while(|&c| is_ident(c)).collect();
        if !ident.is_empty() {
            path.push(ident.clone());
            s = &s[ident.len()..];
            if let Some(r) = s.strip_prefix("::") {
                s = r;
                continue;
            }
            out.push(path);
            return;
        }
        if let Some(r) = s.strip_prefix('{') {
            // Split the group at its top-level commas.
            let mut depth = 0;
            let mut start = 0;
            let bytes: Vec<char> = r.chars().collect();
            let mut items = Vec::new();
            for (i, &c) in bytes.iter().enumerate() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        items.push(bytes[start..i].iter().collect::<String>());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(bytes[start..i].iter().collect::<String>());
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            for item in items {
                let item = item.trim();
                if !item.is_empty() && item != "self" {
                    expand(item, path.clone(), out);
                } else if item == "self" {
                    out.push(path.clone());
                }
            }
            return;
        }
        if !path.is_empty() {
            out.push(path);
        }
        return;
    }
}

/// A source file joined into one string, so that a `use` over several lines is read whole,
/// with a map from byte offset back to line numbers.
struct Source {
    rel: String,
    code: String,
    line_starts: Vec<(usize, usize)>,
}

impl Source {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).expect("source");
        let rel = path
            .strip_prefix(crate_root())
            .expect("under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let mut code = String::new();
        let mut line_starts = Vec::new();
        for (n, line) in code_lines(&text) {
            line_starts.push((code.len(), n));
            code.push_str(&line);
            code.push('\n');
        }
        Source {
            rel,
            code,
            line_starts,
        }
    }

    fn line_at(&self, offset: usize) -> usize {
        self.line_starts
            .iter()
            .take_while(|(start, _)| *start <= offset)
            .last()
            .map_or(1, |(_, n)| *n)
    }

    /// Each path after `prefix` with the line it starts on.
    fn paths(&self, prefix: &str) -> Vec<(usize, Vec<String>)> {
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(at) = self.code[from..].find(prefix) {
            let abs = from + at;
            let before_ok = self.code[..abs]
                .chars()
                .next_back()
                .is_none_or(|c| !is_ident(c));
            if before_ok {
                let mut found = Vec::new();
                expand(&self.code[abs + prefix.len()..], Vec::new(), &mut found);
                let line = self.line_at(abs);
                out.extend(found.into_iter().map(|p| (line, p)));
            }
            from = abs + prefix.len();
        }
        out
    }
}

fn sources() -> Vec<Source> {
    let mut files = Vec::new();
    rust_files(&crate_root().join("src"), &mut files);
    files.iter().map(|p| Source::read(p)).collect()
}

/// The layer a source file belongs to (the longest folder that holds it).
fn layer_of<'a>(layers: &'a [Layer], rel: &str) -> Option<&'a Layer> {
    layers
        .iter()
        .flat_map(|l| l.folders.iter().map(move |f| (l, f)))
        .filter(|(_, f)| {
            if f.ends_with('/') {
                rel.starts_with(f.as_str())
            } else {
                rel == f.as_str()
            }
        })
        .max_by_key(|(_, f)| f.len())
        .map(|(l, _)| l)
}

/// Whether `path` (module segments) is allowed by one of `allowed` (`carto`, `map::painter`).
fn allowed(path: &[String], allowed: &[String]) -> bool {
    allowed.iter().any(|a| {
        let segs: Vec<&str> = a.split("::").collect();
        segs.len() <= path.len() && segs.iter().zip(path).all(|(s, p)| s == p)
    })
}

#[test]
fn every_import_follows_the_layer_table() {
    let layers = layers();
    let top_modules: BTreeSet<String> = layers
        .iter()
        .flat_map(|l| l.folders.iter().map(|f| module_of_folder(f)))
        .collect();
    let mut violations = Vec::new();
    for src in sources() {
        if src.rel == "src/lib.rs" {
            continue;
        }
        let Some(layer) = layer_of(&layers, &src.rel) else {
            violations.push(format!(
                "{}: in no layer of ARCHITECTURE.md's table",
                src.rel
            ));
            continue;
        };
        let own = module_of_folder(
            layer
                .folders
                .iter()
                .find(|f| {
                    src.rel
                        .starts_with(f.trim_end_matches('/').trim_end_matches(".rs"))
                })
                .map_or("", |f| f.as_str()),
        );
        let prefix = if src.rel == "src/main.rs" {
            "ti_atlas::"
        } else {
            "crate::"
        };
        for (line, path) in src.paths(prefix) {
            let Some(first) = path.first() else { continue };
            if !top_modules.contains(first) || *first == own {
                continue;
            }
            if !allowed(&path, &layer.may_import) {
                violations.push(format!(
                    "{}:{line}: the {} layer imports {} (allowed: {})",
                    src.rel,
                    layer.name,
                    path.join("::"),
                    layer.may_import.join(", ")
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "imports against ARCHITECTURE.md:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_reads_paths_and_groups() {
    let p = paths_after(
        "use crate::{io::import::{A, B}, carto}; let x = crate::export::A4;",
        "crate::",
    );
    let joined: Vec<String> = p.iter().map(|p| p.join("::")).collect();
    assert!(joined.contains(&"io::import::A".to_owned()), "{joined:?}");
    assert!(joined.contains(&"carto".to_owned()), "{joined:?}");
    assert!(joined.contains(&"export::A4".to_owned()), "{joined:?}");
    assert!(
        !paths_after("mycrate::x", "crate::")
            .iter()
            .any(|p| !p.is_empty())
    );
    assert!(allowed(
        &["map".into(), "painter".into(), "X".into()],
        &["map::painter".into()]
    ));
    assert!(!allowed(
        &["map".into(), "plugin".into()],
        &["map::painter".into()]
    ));
    let layers = layers();
    let ui = layers
        .iter()
        .find(|l| l.folders.iter().any(|f| f == "src/ui/"))
        .expect("ui");
    assert!(!allowed(&["app".into()], &ui.may_import));
    let app = layers
        .iter()
        .find(|l| l.folders.iter().any(|f| f == "src/app/"))
        .expect("app");
    assert!(allowed(&["carto".into()], &app.may_import));
    assert!(!allowed(&["cli".into()], &app.may_import));
}

#[test]
fn egui_only_in_the_window_and_files_only_from_io_up() {
    let window = ["src/app/", "src/map/", "src/ui/"];
    let no_files = [
        "src/model/",
        "src/carto/",
        "src/sheet/",
        "src/palette/",
        "src/format.rs",
    ];
    let mut violations = Vec::new();
    for src in sources() {
        for (n, line) in src.code.lines().enumerate() {
            let n = src.line_starts.get(n).map_or(0, |(_, l)| *l);
            let in_window = window.iter().any(|w| src.rel.starts_with(w));
            for ui_crate in ["egui::", "eframe::", "walkers::", "egui_plot::"] {
                let hit = line
                    .match_indices(ui_crate)
                    .any(|(at, _)| line[..at].chars().next_back().is_none_or(|c| !is_ident(c)));
                if hit && !in_window {
                    violations.push(format!(
                        "{}:{n}: uses {ui_crate} outside app, map, ui",
                        src.rel
                    ));
                }
            }
            if no_files.iter().any(|w| src.rel.starts_with(w))
                && (line.contains("std::fs")
                    || line.contains("File::open")
                    || line.contains("File::create"))
            {
                violations.push(format!("{}:{n}: file I/O below io", src.rel));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// The files of one folder that import each other through `super::` or `crate::`, as a graph
/// of leaf files (a folder's `mod.rs` is its hallway: children reaching it are not circles).
fn sibling_graph(srcs: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let files: BTreeSet<String> = srcs.iter().map(|s| s.rel.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for src in srcs {
        if src.rel.ends_with("/mod.rs")
            || src.rel.ends_with("lib.rs")
            || src.rel.ends_with("main.rs")
        {
            continue;
        }
        let dir = src.rel.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        let mut targets = BTreeSet::new();
        for (_, path) in src.paths("super::") {
            if let Some(first) = path.first() {
                targets.insert(format!("{dir}/{first}.rs"));
            }
        }
        for (_, path) in src.paths("crate::") {
            // The longest prefix of the path that is a leaf file of the crate.
            for k in (1..=path.len()).rev() {
                let candidate = format!("src/{}.rs", path[..k].join("/"));
                if files.contains(&candidate) {
                    targets.insert(candidate);
                    break;
                }
            }
        }
        targets.retain(|t| files.contains(t) && *t != src.rel);
        graph.insert(src.rel.clone(), targets);
    }
    graph
}

/// The circles of a graph (strongly connected components of more than one file), sorted.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    // Reachability by depth-first search from each node: small graphs (~180 files).
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for m in graph.get(&n).into_iter().flatten() {
                if seen.insert(m.clone()) {
                    stack.push(m.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|k| (k, reach(k))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for a in graph.keys() {
        if done.contains(a) {
            continue;
        }
        let mut comp: Vec<String> = graph
            .keys()
            .filter(|b| *b == a || (reaches[a].contains(*b) && reaches[*b].contains(a)))
            .cloned()
            .collect();
        comp.sort();
        done.extend(comp.iter().cloned());
        if comp.len() > 1 {
            out.push(comp);
        }
    }
    out
}

#[test]
fn no_import_circle_between_files() {
    let found = circles(&sibling_graph(&sources()));
    assert!(
        found.is_empty(),
        "files importing each other (split out what both need):\n{}",
        found
            .iter()
            .map(|c| c.join(" ↔ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_circle_is_found() {
    let mut g = BTreeMap::new();
    g.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    g.insert("b".to_owned(), BTreeSet::from(["c".to_owned()]));
    g.insert("c".to_owned(), BTreeSet::from(["a".to_owned()]));
    g.insert("d".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        circles(&g),
        vec![vec!["a".to_owned(), "b".into(), "c".into()]]
    );
}

/// The app's room: the one file that implements `AtlasApp`.
const APP_ROOM: &str = "src/app/mod.rs";
/// The app's testing extension (what tests read and drive): it may reach into the room.
const APP_TESTING: &str = "src/app/testing.rs";
/// `AtlasApp` dispatches; what it does is done by its panes.
const APP_MAX_METHODS: usize = 40;

/// The code with its string and character literals blanked (braces in a `format!` string are
/// not blocks).
fn without_literals(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '"' => {
                out.push(' ');
                i += 1;
                while let Some(&d) = chars.get(i) {
                    i += 1;
                    match d {
                        '\\' => i += 1,
                        '"' => break,
                        _ => {}
                    }
                    out.push(' ');
                }
            }
            // A character literal ('x', '\n', '{'), not a lifetime ('a).
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                let end = (i + 2..chars.len())
                    .find(|&k| chars.get(k) == Some(&'\''))
                    .unwrap_or(chars.len());
                out.extend(std::iter::repeat_n(' ', end + 1 - i));
                i = end + 1;
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                out.push_str("   ");
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Each `impl` block of `code` whose self type is `name` (`impl Name {`, `impl Trait for Name
/// {`): the byte offset of `impl` and the number of `fn`s directly in it.
fn impl_blocks_of(code: &str, name: &str) -> Vec<(usize, usize)> {
    let code = without_literals(code);
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("impl") {
        let start = from + at;
        from = start + 4;
        let before_ok = code[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !is_ident(c));
        let after_ok = code[start + 4..]
            .chars()
            .next()
            .is_some_and(|c| !is_ident(c));
        if !before_ok || !after_ok {
            continue;
        }
        let Some(open) = code[start..].find(['{', ';']).map(|k| start + k) else {
            continue;
        };
        let header = code[start..open].trim_end();
        let names_it = header
            .rsplit(|c: char| !is_ident(c))
            .next()
            .is_some_and(|last| last == name);
        if bytes.get(open) != Some(&b'{') || !names_it {
            continue;
        }
        // The block's `fn`s at depth one.
        let (mut depth, mut fns, mut k) = (0usize, 0usize, open);
        while let Some(&b) = bytes.get(k) {
            match b {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'f' if depth == 1
                    && code[k..].starts_with("fn ")
                    && code[..k].chars().next_back().is_none_or(|c| !is_ident(c)) =>
                {
                    fns += 1;
                }
                _ => {}
            }
            k += 1;
        }
        out.push((start, fns));
        from = k.max(from);
    }
    out
}

/// The first segment of each `super::…` (or, from a pane, `super::super::…`) and
/// `crate::app::…` path of a file of `src/app/`, with its line: what of the app it reaches.
fn app_paths(src: &Source) -> Vec<(usize, String)> {
    let in_panes = src.rel.starts_with("src/app/panes/");
    let mut out = Vec::new();
    for (line, path) in src.paths("crate::app::") {
        out.extend(path.first().map(|p| (line, p.clone())));
    }
    for (line, path) in src.paths("super::") {
        let reached = match path.as_slice() {
            [first, rest @ ..] if first == "super" && in_panes => rest.first(),
            [first, ..] if !in_panes => Some(first),
            _ => None,
        };
        out.extend(reached.map(|p| (line, p.clone())));
    }
    out
}

#[test]
fn the_app_is_one_room_that_dispatches_to_its_panes() {
    let srcs = sources();
    let files: BTreeSet<String> = srcs.iter().map(|s| s.rel.clone()).collect();
    // What `src/app/` holds as modules (a file or a folder): what its files may reach.
    let is_module = |name: &str| {
        files.contains(&format!("src/app/{name}.rs"))
            || files.contains(&format!("src/app/{name}/mod.rs"))
    };
    let mut violations = Vec::new();
    let mut methods = 0;
    for src in &srcs {
        for (at, fns) in impl_blocks_of(&src.code, "AtlasApp") {
            if src.rel == APP_ROOM {
                methods += fns;
            } else {
                violations.push(format!(
                    "{}:{}: `impl … AtlasApp` outside its room ({APP_ROOM}): make it a pane \
                     that reads a PaneContext and sends Commands",
                    src.rel,
                    src.line_at(at)
                ));
            }
        }
        let in_app = src.rel.starts_with("src/app/");
        if !in_app || src.rel == APP_ROOM || src.rel == APP_TESTING {
            continue;
        }
        // No import running upward: a pane or a helper of the app reaches modules (panes,
        // context, commands, helpers), never the room (`AtlasApp` and what mod.rs defines).
        for (line, first) in app_paths(src) {
            if first != "super" && !is_module(&first) {
                violations.push(format!(
                    "{}:{line}: reaches `{first}` of the app's room ({APP_ROOM}): a pane takes \
                     what it needs from its context",
                    src.rel
                ));
            }
        }
    }
    assert!(
        methods < APP_MAX_METHODS,
        "AtlasApp has {methods} methods (at most {}): move behaviour into panes",
        APP_MAX_METHODS - 1
    );
    assert!(methods > 0, "no `impl AtlasApp` found in {APP_ROOM}");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn impl_blocks_are_found_and_their_methods_counted() {
    let code = "struct A;\nimpl A {\n    fn a(&self) { let s = \"}{\"; let c = '{'; }\n    \
                pub fn b<'x>(&'x self) -> &'x str { \"fn \" }\n}\nimpl Drop for A {\n    fn \
                drop(&mut self) {}\n}\nimpl B { fn c() {} }\nimpl Trait for B<A> {}\n";
    let blocks = impl_blocks_of(code, "A");
    assert_eq!(blocks.iter().map(|b| b.1).collect::<Vec<_>>(), vec![2, 1]);
}

/// A source file made of `text`, as if it were `rel`.
fn source_of(rel: &str, text: &str) -> Source {
    let mut code = String::new();
    let mut line_starts = Vec::new();
    for (n, line) in code_lines(text) {
        line_starts.push((code.len(), n));
        code.push_str(&line);
        code.push('\n');
    }
    Source {
        rel: rel.to_owned(),
        code,
        line_starts,
    }
}

#[test]
fn what_a_file_of_the_app_reaches_of_it_is_found() {
    let pane = source_of(
        "src/app/panes/x.rs",
        "use super::super::command::Command;\nuse super::super::{AtlasApp, LoadState};\n\
         use super::scatter::ScatterPane;\nuse crate::app::context::PaneContext;\n",
    );
    let reached: Vec<String> = app_paths(&pane).into_iter().map(|(_, p)| p).collect();
    assert_eq!(reached, ["context", "command", "AtlasApp", "LoadState"]);
    let helper = source_of("src/app/y.rs", "use super::{AtlasApp, theme};\n");
    let reached: Vec<(usize, String)> = app_paths(&helper);
    assert_eq!(
        reached,
        [(1, "AtlasApp".to_owned()), (1, "theme".to_owned())]
    );
}
