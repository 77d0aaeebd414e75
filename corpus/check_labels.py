#!/usr/bin/env python3
"""Validate the labelled corpus: every document has a sidecar labels file, every
label points at real, linted text, and the corpus meets its size targets.

Usage: python3 corpus/check_labels.py            (from anywhere; stdlib only)

A label's `text` is located by byte search in the document. Occurrences are
counted as every start position of `text` in the file (overlapping), and
`occurrence` (1-based) picks one of them; it is required when there is more than
one. Exit status 0 when everything is valid and the targets are met, 1 otherwise.
"""

import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
FOLDERS = ("overpromising", "mixed", "honest")
DOC_EXTS = (".md", ".txt", ".html")

CATEGORIES = (
    "early-results",
    "transplant-equivalence",
    "drug-substitution",
    "universal-candidacy",
    "guarantee",
    "overstated-evidence",
    "single-session",
    "product-misidentification",
)
KINDS = ("denial", "question", "attribution", "warning", "hypothetical", "honest-figure", "unrelated")
DISCLOSURES = (
    "adjunct", "course", "timeline", "candidacy", "drug-therapy",
    "product", "oversight", "side-effects", "aftercare", "evidence",
)
MARKUP = set("*_[]<>&")

TARGETS = {
    "documents": 44,
    "claims": 240,
    "claims_per_category": 20,
    "negatives": 180,
    "reference_negatives": 15,
}

REFERENCE_SRC = CORPUS.parent.parent / "shared" / "reference" / "stem-cell-hair-restoration.txt"
REFERENCE_COPY = CORPUS / "honest" / "stem-cell-hair-restoration.txt"


def occurrences(haystack: bytes, needle: bytes) -> list[int]:
    out, i = [], haystack.find(needle)
    while i != -1:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def unlinted_ranges(path: Path, data: bytes) -> list[tuple[int, int, str]]:
    """Byte ranges the linter must not read: script/style/comments, code."""
    text = data.decode("utf-8")
    ranges = []

    def add(pattern, what, flags=re.S | re.I):
        for m in re.finditer(pattern, text, flags):
            s = len(text[: m.start()].encode())
            e = s + len(m.group(0).encode())
            ranges.append((s, e, what))

    if path.suffix == ".html":
        add(r"<script\b.*?</script>", "<script>")
        add(r"<style\b.*?</style>", "<style>")
        add(r"<!--.*?-->", "HTML comment")
    elif path.suffix == ".md":
        add(r"^(```|~~~).*?^\1[ \t]*$", "code block", re.S | re.M)
        add(r"<!--.*?-->", "HTML comment")
        add(r"(?<!`)`[^`\n]+`(?!`)", "inline code")
        add(r"\A---\n.*?\n---\n", "front matter")
    return ranges


def check_doc(doc: Path, errors: list, stats: dict) -> None:
    rel = doc.relative_to(CORPUS)
    labels_path = doc.with_name(doc.name.rsplit(".", 1)[0] + ".labels.toml")
    if not labels_path.exists():
        errors.append(f"{rel}: no sidecar {labels_path.name}")
        return
    data = doc.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append(f"{rel}: not UTF-8 ({e})")
        return
    try:
        labels = tomllib.loads(labels_path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as e:
        errors.append(f"{labels_path.relative_to(CORPUS)}: TOML does not parse: {e}")
        return

    def err(msg):
        errors.append(f"{labels_path.relative_to(CORPUS)}: {msg}")

    unknown = set(labels) - {"treatment_page", "missing_disclosures", "claim", "negative"}
    if unknown:
        err(f"unknown keys {sorted(unknown)}")
    tp = labels.get("treatment_page")
    if not isinstance(tp, bool):
        err("treatment_page must be true or false")
    md = labels.get("missing_disclosures")
    if tp is True:
        if not isinstance(md, list):
            err("treatment page needs missing_disclosures = [...]")
        else:
            bad = [d for d in md if d not in DISCLOSURES]
            if bad:
                err(f"unknown disclosure names {bad}")
            if len(set(md)) != len(md):
                err("duplicate names in missing_disclosures")
            stats["treatment_pages"] += 1
            if not md:
                stats["full_disclosure_pages"] += 1
            for d in md:
                stats["missing"][d] += 1
    elif tp is False:
        stats["non_treatment_pages"] += 1
        if md is not None:
            err("missing_disclosures given on a non-treatment page")

    folder = rel.parts[0]
    skip = unlinted_ranges(doc, data)
    spans = []
    for section, field, allowed in (("claim", "category", CATEGORIES), ("negative", "kind", KINDS)):
        entries = labels.get(section, [])
        if not isinstance(entries, list):
            err(f"[[{section}]] must be an array of tables")
            continue
        for n, entry in enumerate(entries, 1):
            where = f"[[{section}]] #{n}"
            extra = set(entry) - {field, "text", "occurrence"}
            if extra:
                err(f"{where}: unknown keys {sorted(extra)}")
            value = entry.get(field)
            if value not in allowed:
                err(f"{where}: {field} {value!r} is not one of {', '.join(allowed)}")
            text = entry.get("text")
            if not isinstance(text, str) or not text.strip():
                err(f"{where}: text missing or empty")
                continue
            if "\n" in text or "\r" in text:
                err(f"{where}: text spans lines: {text!r}")
            if text != text.strip():
                err(f"{where}: text has leading/trailing whitespace: {text!r}")
            if MARKUP & set(text):
                err(f"{where}: text contains markup characters: {text!r}")
            needle = text.encode()
            found = occurrences(data, needle)
            occ = entry.get("occurrence")
            if not found:
                err(f"{where}: text not found in {rel.name}: {text!r}")
                continue
            if occ is None:
                if len(found) > 1:
                    err(f"{where}: text occurs {len(found)} times, give occurrence: {text!r}")
                    continue
                occ = 1
            if not isinstance(occ, int) or not 1 <= occ <= len(found):
                err(f"{where}: occurrence {occ!r} out of range 1..{len(found)}: {text!r}")
                continue
            start = found[occ - 1]
            end = start + len(needle)
            for s, e, what in skip:
                if start < e and s < end:
                    err(f"{where}: text lies inside an unlinted {what}: {text!r}")
            for (s, e, sec2, t2) in spans:
                if start < e and s < end:
                    err(f"{where}: text {text!r} overlaps [[{sec2}]] {t2!r}")
            spans.append((start, end, section, text))
            if section == "claim":
                stats["claims"][value] += 1
                stats["claims_by_folder"][folder] += 1
            else:
                stats["negatives"][value] += 1
                stats["negatives_by_folder"][folder] += 1
    if folder == "honest" and labels.get("claim"):
        err("honest documents must have no [[claim]] labels")
    if doc == REFERENCE_COPY:
        stats["reference_negatives"] = len(labels.get("negative", []))
        if labels.get("treatment_page") is not True or labels.get("missing_disclosures") != []:
            err("reference guide must be treatment_page = true, missing_disclosures = []")


def main() -> int:
    errors: list[str] = []
    stats = {
        "claims": Counter(), "negatives": Counter(),
        "claims_by_folder": Counter(), "negatives_by_folder": Counter(),
        "missing": Counter(), "formats": Counter(), "folders": Counter(),
        "treatment_pages": 0, "full_disclosure_pages": 0, "non_treatment_pages": 0,
        "reference_negatives": 0,
    }
    docs = []
    for folder in FOLDERS:
        for p in sorted((CORPUS / folder).glob("*")):
            if p.name.endswith(".labels.toml"):
                stem = p.name[: -len(".labels.toml")]
                if not any((p.parent / (stem + ext)).exists() for ext in DOC_EXTS):
                    errors.append(f"{p.relative_to(CORPUS)}: labels file without a document")
            elif p.suffix in DOC_EXTS:
                docs.append(p)
            else:
                errors.append(f"{p.relative_to(CORPUS)}: unexpected file")
    for doc in docs:
        stats["formats"][doc.suffix] += 1
        stats["folders"][doc.parent.name] += 1
        check_doc(doc, errors, stats)

    if not REFERENCE_COPY.exists():
        errors.append("honest/stem-cell-hair-restoration.txt is missing")
    elif REFERENCE_SRC.exists() and REFERENCE_SRC.read_bytes() != REFERENCE_COPY.read_bytes():
        errors.append("honest/stem-cell-hair-restoration.txt differs from shared/reference")

    # Targets.
    n_docs = len(docs)
    n_claims = sum(stats["claims"].values())
    n_neg = sum(stats["negatives"].values())
    if n_docs < TARGETS["documents"]:
        errors.append(f"target: {n_docs} documents < {TARGETS['documents']}")
    if n_claims < TARGETS["claims"]:
        errors.append(f"target: {n_claims} claims < {TARGETS['claims']}")
    for c in CATEGORIES:
        if stats["claims"][c] < TARGETS["claims_per_category"]:
            errors.append(f"target: {stats['claims'][c]} {c} claims < {TARGETS['claims_per_category']}")
    if n_neg < TARGETS["negatives"]:
        errors.append(f"target: {n_neg} negatives < {TARGETS['negatives']}")
    for k in KINDS:
        if stats["negatives"][k] == 0:
            errors.append(f"target: no negatives of kind {k}")
    if stats["reference_negatives"] < TARGETS["reference_negatives"]:
        errors.append(f"target: reference guide has {stats['reference_negatives']} negatives < 15")

    print(f"documents: {n_docs}  " + "  ".join(f"{k}={v}" for k, v in sorted(stats["folders"].items()))
          + "  |  " + "  ".join(f"{k}={v}" for k, v in sorted(stats["formats"].items())))
    print(f"treatment pages: {stats['treatment_pages']} (all ten disclosed: {stats['full_disclosure_pages']}),"
          f" non-treatment pages: {stats['non_treatment_pages']}")
    print()
    print(f"{'claim category':<28}{'count':>6}")
    for c in CATEGORIES:
        print(f"{c:<28}{stats['claims'][c]:>6}")
    print(f"{'total claims':<28}{n_claims:>6}   " + "  ".join(f"{k}={v}" for k, v in sorted(stats["claims_by_folder"].items())))
    print()
    print(f"{'negative kind':<28}{'count':>6}")
    for k in KINDS:
        print(f"{k:<28}{stats['negatives'][k]:>6}")
    print(f"{'total negatives':<28}{n_neg:>6}   " + "  ".join(f"{k}={v}" for k, v in sorted(stats["negatives_by_folder"].items())))
    print()
    print("missing disclosures (treatment pages): " + ", ".join(f"{d}={stats['missing'][d]}" for d in DISCLOSURES))
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    print("\nall labels valid; targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
