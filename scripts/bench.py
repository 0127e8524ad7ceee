#!/usr/bin/env python3
"""Timing harness of scripts/bench.sh and scripts/perf-guard.sh (Python standard library only).

    bench.py report --praxis BIN --floor BIN [--hugo BIN] [--write-floor BIN] [options] N [N ...]
    bench.py guard  --praxis BIN --floor BIN --corpus DIR [--runs 7] [--max RATIO]

`report` times praxis, the floor (examples/floor.rs) and Hugo on the corpora
CORPUS_ROOT/praxis-bench-N written by examples/gen_corpus.rs, and writes a markdown summary;
with --write-floor it also times examples/write_floor.rs writing one praxis output again, the
part of praxis's time that is the file system's. Where the corpus has a `bare/` site (the same
content, every template empty) it times that build too: the part of praxis's time that is not
Tera's.
`guard` times praxis and the floor on one corpus and fails when the median of the per-run
wall-time ratios praxis/floor exceeds --max.

Every run builds into a new output folder, which is then deleted. Runs are done in rounds:
each round runs every tool once, the order rotating from round to round, so that drift of
the machine hits every tool alike; the first --warmup rounds are not counted. Per run: wall
time (monotonic clock), user + system CPU time and peak RSS (ru_maxrss of the reaped child,
via os.wait4). Ratios are medians of the per-round ratios. Every run's exit status is checked,
and so is its output (number of HTML files); any failure stops everything.

Peak RSS is measured from the fork: a child starts as a copy of this Python process, so
nothing below the harness floor (the peak RSS of /bin/true, printed in the report) is
measurable.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time

MiB = 1024 * 1024


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def die(msg):
    log(f"bench: error: {msg}")
    sys.exit(1)


# ------------------------------------------------------------------------------------------
# Running and measuring


def run_measured(argv, log_path, timeout):
    """Run argv to completion; returns dict(wall, cpu, user, sys, peak_bytes, rc)."""
    with open(log_path, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, p.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)
        finally:
            if timer:
                timer.cancel()
        wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return dict(wall=wall, user=ru.ru_utime, sys=ru.ru_stime, cpu=ru.ru_utime + ru.ru_stime,
                peak_bytes=ru.ru_maxrss * 1024, rc=p.returncode, timed_out=bool(timeout) and wall >= timeout)


def count_files(root):
    """(html files, all files, bytes) under root."""
    html = files = size = 0
    stack = [root]
    while stack:
        d = stack.pop()
        with os.scandir(d) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                else:
                    files += 1
                    size += e.stat(follow_symlinks=False).st_size
                    if e.name.endswith(".html"):
                        html += 1
    return html, files, size


def harness_floor():
    true = shutil.which("true") or "/bin/true"
    r = run_measured([true], os.devnull, None)
    return r["peak_bytes"]


def tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class Tool:
    """A generator under test: how to run it on a corpus, and what it must produce."""

    def __init__(self, name, argv_for, min_html_for, exact=False):
        self.name = name
        self.argv_for = argv_for          # (corpus_dir, out_dir) -> argv
        self.min_html_for = min_html_for  # manifest -> least number of HTML files
        self.exact = exact                # the floor writes exactly one file per markdown file


def make_tools(praxis, floor, hugo):
    tools = [
        Tool("praxis", lambda c, o: [praxis, "build", "--root", os.path.join(c, "plain"), "-o", o],
             lambda m: m["n_markdown_files"]),
        Tool("floor", lambda c, o: [floor, os.path.join(c, "plain", "content"), o],
             lambda m: m["n_markdown_files"], exact=True),
    ]
    # The same build with every template empty (gen_corpus's bare/): no Tera output, every
    # other stage as in the full build. Only where the corpus has it (see cmd_report).
    tools.append(Tool("bare", lambda c, o: [praxis, "build", "--root", os.path.join(c, "bare"), "-o", o],
                      lambda m: m["n_markdown_files"]))
    if hugo:
        tools.append(Tool("hugo", lambda c, o: [hugo, "--quiet", "-s", os.path.join(c, "hugo"), "-d", o],
                          lambda m: m["n_markdown_files"]))
    return tools


def one_run(tool, corpus, manifest, out_dir, log_path, timeout, inspect):
    """Run tool once into the new folder out_dir, check it, delete the output."""
    if os.path.exists(out_dir):
        in_child(lambda: shutil.rmtree(out_dir))
    r = run_measured(tool.argv_for(corpus, out_dir), log_path, timeout)
    if r["timed_out"]:
        die(f"{tool.name} took longer than {timeout:.0f} s on {corpus}; log: {log_path}")
    if r["rc"] != 0:
        die(f"{tool.name} exited with status {r['rc']} on {corpus}; log {log_path}:\n{tail(log_path)}")
    if not os.path.isdir(out_dir):
        die(f"{tool.name} exited 0 but wrote no {out_dir}")
    html, files, size = in_child(lambda: count_files(out_dir))
    if inspect:
        r.update(html=html, files=files, bytes=size)
    else:
        r.update(html=html)
    want = tool.min_html_for(manifest)
    if (tool.exact and html != want) or html < want:
        die(f"{tool.name} wrote {html} HTML files into {out_dir} (left there); expected "
            f"{'exactly' if tool.exact else 'at least'} {want} (one per markdown file)")
    in_child(lambda: shutil.rmtree(out_dir))
    return r


def in_child(fn):
    """fn() run in a forked child, its result passed back as JSON. Walking and deleting 200,000
    files grows a Python process by tens of MiB for good, and every tool started afterwards
    would then inherit that size as the floor of its measured peak RSS."""
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(rd)
        code = 0
        try:
            data = json.dumps(fn()).encode()
        except BaseException as e:  # reported by the parent
            data = json.dumps({"error": repr(e)}).encode()
            code = 1
        with os.fdopen(wr, "wb") as f:
            f.write(data)
        os._exit(code)
    os.close(wr)
    with os.fdopen(rd, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    out = json.loads(data or b"null")
    if isinstance(out, dict) and "error" in out:
        die(out["error"])
    return out


def rounds(tools, corpus, manifest, out_base, logs, runs, warmup, timeout, label):
    """Warm-up + counted rounds, the tool order rotating; returns {tool: [counted runs]}."""
    results = {t.name: [] for t in tools}
    firsts = {}
    total = warmup + runs
    for r in range(total):
        k = r % len(tools)
        order = tools[k:] + tools[:k]
        counted = r >= warmup
        for t in order:
            out_dir = os.path.join(out_base, f"{t.name}.{r}")
            log_path = os.path.join(logs, f"{label}-{t.name}.log")
            first = t.name not in firsts
            if first:
                log_path = os.path.join(logs, f"{label}-{t.name}-first.log")
            res = one_run(t, corpus, manifest, out_dir, log_path, timeout, inspect=first)
            if first:
                firsts[t.name] = dict(res, log=log_path)
            tag = f"run {r - warmup + 1}/{runs}" if counted else f"warm-up {r + 1}/{warmup}"
            log(f"  [{label}] {tag:<12} {t.name:<7} {res['wall']:9.3f} s wall {res['cpu']:9.3f} s cpu "
                f"{res['peak_bytes'] / MiB:8.1f} MiB")
            if counted:
                results[t.name].append(res)
    return results, firsts


def paired(a, b, key="wall"):
    return [x[key] / max(y[key], 1e-9) for x, y in zip(a, b)]


def med(xs):
    """Median; the mean of the middle two for an even count."""
    if not xs:
        return float("nan")
    ys = sorted(xs)
    h = len(ys) // 2
    return ys[h] if len(ys) % 2 else (ys[h - 1] + ys[h]) / 2


# ------------------------------------------------------------------------------------------
# Environment


def sh(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def meminfo():
    info = {}
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                k, v = line.split(":", 1)
                info[k] = int(v.split()[0]) * 1024
    except OSError:
        pass
    return info


TOUCH_PROGRAM = """
import mmap, sys, time
mib = int(sys.argv[1])
size = mib * 2**20
m = mmap.mmap(-1, size)
started = time.perf_counter()
for i in range(0, size, 4096):
    m[i] = 1
print((time.perf_counter() - started) * 1000 / mib)
"""


def touch_cost(mib=256):
    """Milliseconds per MiB to write once into fresh anonymous memory, 4 KiB pages: the
    kernel zeroing new pages. On a virtual machine this drifts by 2x over hours; praxis holds
    ~230 MiB at 10k pages and feels it, the floor holds a few MiB and does not, so the
    ratio moves with it. Reported so that runs of this script can be compared.

    Measured in a child process: a child inherits its parent's peak RSS on Linux, so memory
    touched here would show up in every tool's figure."""
    out = subprocess.run([sys.executable, "-c", TOUCH_PROGRAM, str(mib)],
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def fs_kind(path):
    """Filesystem type of path, from /proc/mounts (longest matching mount point)."""
    best, kind = "", "?"
    try:
        real = os.path.realpath(path)
        with open("/proc/mounts") as f:
            for line in f:
                parts = line.split()
                mnt, typ = parts[1], parts[2]
                if (real == mnt or real.startswith(mnt.rstrip("/") + "/")) and len(mnt) > len(best):
                    best, kind = mnt, typ
    except OSError:
        pass
    return kind


def pick_out_root(requested, fallback, need_bytes):
    """OUT_ROOT as given, else /dev/shm when it exists, is writable and has room, else fallback."""
    if requested:
        os.makedirs(requested, exist_ok=True)
        return requested
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        if shutil.disk_usage(shm).free >= need_bytes:
            return shm
    return fallback


def load_manifest(corpus):
    path = os.path.join(corpus, "manifest.json")
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        die(f"no complete corpus at {corpus} ({e}); generate it with examples/gen_corpus.rs")


# Output sizes seen per content page (praxis ~26 KB, Hugo ~24 KB): the room an output needs.
OUT_BYTES_PER_PAGE = 40 * 1024
# Hugo's peak RSS per content page, measured with the generated templates (~200 KB at 10k).
HUGO_RSS_PER_PAGE = 230 * 1024


# ------------------------------------------------------------------------------------------
# report


def fmt_n(n):
    return f"{n:,}"


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.2f}" if x < 100 else f"{x:.1f}"


def fmt_ratio(xs):
    if not xs:
        return "-"
    return f"{med(xs):.2f} ({min(xs):.2f}-{max(xs):.2f})"


def cmd_report(a):
    tools_all = make_tools(a.praxis, a.floor, a.hugo)
    ns = a.n
    os.makedirs(a.results, exist_ok=True)
    mem = meminfo()
    floor_rss = harness_floor()
    touch_at_start = touch_cost()
    started = time.monotonic()
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        f"# praxis benchmark, {now}",
        "",
        f"- machine: {os.cpu_count()} CPUs ({cpu_model()}), "
        f"{mem.get('MemTotal', 0) / 2**30:.1f} GiB memory, {platform.system()} {platform.release()}, "
        f"load average at start {', '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"- {a.praxis_version or 'praxis ?'}; {sh(['rustc', '--version']) or 'rustc ?'}",
        f"- hugo: {sh([a.hugo, 'version']) if a.hugo else 'not installed'}",
        f"- {a.runs} counted runs + {a.warmup} warm-up per tool, tools alternating run by run, "
        f"a new output folder per run; medians; ratios are medians of per-run ratios (min-max)",
        f"- peak RSS is measured from the fork, so values up to this harness's own size "
        f"({floor_rss / MiB:.0f} MiB, the peak RSS of /bin/true run by it) show as `< X`",
        f"- first touch of fresh memory (256 MiB, 4 KiB pages): {touch_at_start:.2f} ms per MiB "
        f"at start (it drifts on virtual machines and moves praxis/floor with it; see README)",
        "",
    ]
    log("\n".join(head))
    sections = []
    praxis_wall = {}
    floor_wall = {}
    for n in ns:
        corpus = os.path.join(a.corpus_root, f"praxis-bench-{n}")
        m = load_manifest(corpus)
        if m.get("n_pages") != n:
            die(f"{corpus}/manifest.json is for {m.get('n_pages')} pages, not {n}")
        out_root = pick_out_root(a.out_root, a.corpus_root, 2 * n * OUT_BYTES_PER_PAGE + 256 * MiB)
        out_base = os.path.join(out_root, f"praxis-bench-out-{n}")
        if os.path.exists(out_base):
            in_child(lambda: shutil.rmtree(out_base))
        os.makedirs(out_base)
        tools = list(tools_all)
        notes = []
        if not os.path.isdir(os.path.join(corpus, "bare")):
            tools = [t for t in tools if t.name != "bare"]
            notes.append("bare: the corpus has no bare/ site (written by gen_corpus since praxis-gen-corpus/2)")
        if a.hugo:
            avail = meminfo().get("MemAvailable", 0)
            need = n * HUGO_RSS_PER_PAGE
            if a.hugo_max_n is not None and n > a.hugo_max_n:
                tools = [t for t in tools if t.name != "hugo"]
                notes.append(f"hugo: skipped (N > HUGO_MAX_N = {fmt_n(a.hugo_max_n)})")
            elif a.hugo_max_n is None and avail and need > 0.8 * avail:
                tools = [t for t in tools if t.name != "hugo"]
                notes.append(f"hugo: skipped, it would need about {need / 2**30:.0f} GiB of memory "
                             f"and {avail / 2**30:.0f} GiB are available (HUGO_MAX_N={n} forces it)")
        else:
            notes.append("hugo: not installed")
        log(f"N={fmt_n(n)}: {m['n_pages']} pages + {m['n_sections']} sections, "
            f"{m['markdown_bytes'] / 1e6:.1f} MB of markdown; outputs under {out_root} ({fs_kind(out_root)})")
        t0 = time.monotonic()
        res, firsts = rounds(tools, corpus, m, out_base, a.results, a.runs, a.warmup, a.timeout, f"n{n}")
        write_only = write_floor(a, corpus, out_base, f"n{n}") if a.write_floor else None
        shutil.rmtree(out_base, ignore_errors=True)
        floor_rss = max(floor_rss, harness_floor())
        with open(os.path.join(a.results, f"runs-{n}.json"), "w") as f:
            json.dump(dict(n=n, manifest=m, out_root=out_root, runs=res, first=firsts), f, indent=1)
        log(f"N={fmt_n(n)} done in {time.monotonic() - t0:.0f} s")

        mb = m["markdown_bytes"] / 1e6
        lines = [
            f"## N = {fmt_n(n)} pages",
            "",
            f"{fmt_n(m['n_sections'])} sections, {fmt_n(m['n_markdown_files'])} markdown files, "
            f"{mb:.1f} MB of markdown, {fmt_n(m['n_links'])} links, {fmt_n(m['n_aliases'])} aliases; "
            f"outputs on {out_root} ({fs_kind(out_root)}).",
            "",
            "| tool | median wall s | min-max s | median CPU s | peak RSS MiB | pages/s | HTML files | output MB |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for t in tools:
            rs = res[t.name]
            w = [r["wall"] for r in rs]
            peak = med([r["peak_bytes"] for r in rs])
            peak_s = f"{peak / MiB:.1f}" if peak > floor_rss * 1.1 else f"< {floor_rss * 1.1 / MiB:.0f}"
            fr = firsts[t.name]
            lines.append(
                f"| {t.name} | {fmt_s(med(w))} | {fmt_s(min(w))}-{fmt_s(max(w))} | "
                f"{fmt_s(med([r['cpu'] for r in rs]))} | {peak_s} | {n / med(w):,.0f} | "
                f"{fmt_n(fr['html'])} | {fr['bytes'] / 1e6:.1f} |")
        lines.append("")
        pr = res["praxis"]
        lines.append(f"- praxis/floor wall: {fmt_ratio(paired(pr, res['floor']))}; "
                     f"CPU: {fmt_ratio(paired(pr, res['floor'], 'cpu'))}")
        if write_only is not None:
            fw = med([r["wall"] for r in res["floor"]])
            lines.append(f"- writing praxis's output alone (examples/write_floor.rs: the same files, already "
                         f"in memory, written the way praxis writes them; median of {a.runs}): "
                         f"{fmt_s(write_only)} s = {write_only / fw:.2f}x the floor's median wall, "
                         f"{write_only / med([r['wall'] for r in pr]):.0%} of praxis's")
        if "bare" in res:
            lines.append(f"- bare (the same build with every template empty: no Tera output) / floor wall: "
                         f"{fmt_ratio(paired(res['bare'], res['floor']))}; bare/praxis wall: "
                         f"{fmt_ratio(paired(res['bare'], pr))}")
        if "hugo" in res:
            lines.append(f"- hugo/praxis wall: {fmt_ratio(paired(res['hugo'], pr))}; "
                         f"CPU: {fmt_ratio(paired(res['hugo'], pr, 'cpu'))}")
        for t in tools:
            peak = med([r["peak_bytes"] for r in res[t.name]])
            if peak <= floor_rss * 1.1:
                continue
            lines.append(f"- {t.name} peak RSS: {peak / n / 1024:.1f} KiB per page, "
                         f"{peak / MiB / mb:.2f} MiB per MB of markdown")
        lines.extend(f"- {x}" for x in notes)
        diag = praxis_diagnostics(firsts["praxis"]["log"])
        lines.append(f"- praxis diagnostics on this corpus: {diag}")
        lines.append("")
        praxis_wall[n] = med([r["wall"] for r in pr])
        floor_wall[n] = med([r["wall"] for r in res["floor"]])
        sections.append("\n".join(lines))
        log(sections[-1])

    tail_lines = []
    done = sorted(praxis_wall)
    if len(done) > 1:
        tail_lines += ["## Scaling (praxis, median wall)", ""]
        # The floor's own ratio beside praxis's: the machine's state at each size moves both,
        # and praxis's ratio over the floor's is the part of the scaling that is praxis's.
        def scaling(lo, hi):
            own, floor = praxis_wall[hi] / praxis_wall[lo], floor_wall[hi] / floor_wall[lo]
            return (f"- t({fmt_n(hi)})/t({fmt_n(lo)}) = {own:.2f} for {hi / lo:.0f}x the pages "
                    f"(the floor's own: {floor:.2f}; praxis's over the floor's: {own / floor:.2f})")
        for lo, hi in zip(done, done[1:]):
            tail_lines.append(scaling(lo, hi))
        if 10000 in praxis_wall and 100000 in praxis_wall and (10000, 100000) not in zip(done, done[1:]):
            tail_lines.append(scaling(10000, 100000))
        tail_lines.append("")
    tail_lines.append(f"First touch of fresh memory at the end: {touch_cost():.2f} ms per MiB "
                      f"({touch_at_start:.2f} at start).")
    tail_lines.append("")
    tail_lines.append(f"Benchmark time: {time.monotonic() - started:.0f} s. Per-run figures: "
                      f"{a.results}/runs-N.json; tool output of the first run: {a.results}/nN-TOOL-first.log.")
    summary = "\n".join(head + sections + tail_lines) + "\n"
    path = os.path.join(a.results, "summary.md")
    with open(path, "w") as f:
        f.write(summary)
    print(summary, end="")
    log(f"summary: {path}")


def write_floor(a, corpus, out_base, label):
    """Median seconds examples/write_floor takes to write one praxis build's output again."""
    site = os.path.join(out_base, "write-floor-site")
    log_path = os.path.join(a.results, f"{label}-write-floor.log")
    r = run_measured([a.praxis, "build", "--root", os.path.join(corpus, "plain"), "-o", site],
                     log_path, a.timeout)
    if r["rc"] != 0:
        die(f"praxis exited with status {r['rc']} building {site}; log {log_path}:\n{tail(log_path)}")
    out = subprocess.run([a.write_floor, site, os.path.join(out_base, "write-floor-scratch"), str(a.runs)],
                         capture_output=True, text=True, timeout=a.timeout)
    with open(log_path, "a") as f:
        f.write(out.stdout + out.stderr)
    found = re.search(r"median ([0-9.]+) s", out.stdout)
    if out.returncode != 0 or not found:
        die(f"write_floor failed on {site}; log {log_path}:\n{tail(log_path)}")
    log(f"  [{label}] write_floor: {out.stdout.strip()}")
    in_child(lambda: shutil.rmtree(site))
    return float(found.group(1))


def praxis_diagnostics(log_path):
    text = tail(log_path, 100000)
    warnings = len(re.findall(r": warning(\[[^\]]*\])?: ", text))
    errors = len(re.findall(r": error(\[[^\]]*\])?: ", text))
    built = next((line for line in text.splitlines() if line.startswith("Built ")), "")
    s = f"{warnings} warnings, {errors} errors"
    if built:
        s += f" (\"{built}\")"
    if warnings or errors:
        s += f"; see {log_path}"
    return s


# ------------------------------------------------------------------------------------------
# guard


def cmd_guard(a):
    m = load_manifest(a.corpus)
    tools = [t for t in make_tools(a.praxis, a.floor, None) if t.name != "bare"]
    out_root = pick_out_root(a.out_root, a.corpus, 2 * m["n_pages"] * OUT_BYTES_PER_PAGE + 64 * MiB)
    out_base = os.path.join(out_root, f"praxis-perf-guard-{os.getpid()}")
    os.makedirs(out_base)
    logs = os.path.join(out_base, "logs")
    os.makedirs(logs)
    log(f"perf-guard: {m['n_pages']} pages, outputs under {out_root} ({fs_kind(out_root)}), "
        f"{a.runs} runs + {a.warmup} warm-up each, alternating")
    res, _ = rounds(tools, a.corpus, m, out_base, logs, a.runs, a.warmup, a.timeout, "guard")
    shutil.rmtree(out_base, ignore_errors=True)
    ratios = paired(res["praxis"], res["floor"])
    cpu = paired(res["praxis"], res["floor"], "cpu")
    r = med(ratios)
    pw = med([x["wall"] for x in res["praxis"]])
    fw = med([x["wall"] for x in res["floor"]])
    print(f"praxis {pw:.3f} s, floor {fw:.3f} s (medians); praxis/floor wall ratio: median {r:.2f} "
          f"(runs: {', '.join(f'{x:.2f}' for x in ratios)}); CPU ratio median {med(cpu):.2f}")
    if r > a.max:
        print(f"perf-guard: FAIL: praxis/floor = {r:.2f} exceeds PERF_GUARD_MAX = {a.max:g}")
        sys.exit(1)
    print(f"perf-guard: ok: praxis/floor = {r:.2f} <= PERF_GUARD_MAX = {a.max:g}")


# ------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)

    def common(p, runs):
        p.add_argument("--praxis", required=True, help="praxis binary")
        p.add_argument("--floor", required=True, help="floor binary (examples/floor.rs)")
        p.add_argument("--runs", type=int, default=runs, help="counted runs per tool")
        p.add_argument("--warmup", type=int, default=1, help="uncounted rounds first")
        p.add_argument("--out-root", default="", help="where outputs go (default: /dev/shm if it has room)")
        p.add_argument("--timeout", type=float, default=0, help="seconds allowed per run (0: no limit)")

    p = sub.add_parser("report", help="time praxis, the floor and Hugo on CORPUS_ROOT/praxis-bench-N")
    common(p, 5)
    p.add_argument("--hugo", default="", help="hugo binary (omit: not installed)")
    p.add_argument("--hugo-max-n", type=int, default=None,
                   help="skip Hugo above this N (default: skip only when it would not fit in memory)")
    p.add_argument("--corpus-root", default="/tmp")
    p.add_argument("--results", default="/tmp/praxis-bench-results")
    p.add_argument("--praxis-version", default="")
    p.add_argument("--write-floor", default="",
                   help="write_floor binary (examples/write_floor.rs; omit: not measured)")
    p.add_argument("n", type=int, nargs="+")

    p = sub.add_parser("guard", help="fail when praxis/floor exceeds --max")
    common(p, 7)
    p.add_argument("--corpus", required=True)
    p.add_argument("--max", type=float, required=True)

    a = ap.parse_args()
    if a.runs < 1 or a.warmup < 0:
        die("--runs must be at least 1 and --warmup at least 0")
    for b in (a.praxis, a.floor) + ((a.hugo,) if getattr(a, "hugo", "") else ()):
        if not (os.path.isfile(b) and os.access(b, os.X_OK)):
            die(f"not an executable: {b}")
    a.timeout = a.timeout or None
    cmd_report(a) if a.cmd == "report" else cmd_guard(a)


if __name__ == "__main__":
    main()
