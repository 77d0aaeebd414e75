//! A deterministic generator of realistic treatment pages for benchmarks:
//! Markdown, HTML and plain text, log-normal sizes around 8 KB with a few
//! MB-sized files, roughly one overpromise per 15 sentences, and the
//! non-ASCII characters real pages carry (—, ₩, Hangul, kana).
//!
//! Sentences vary as real copy does: base sentences take clinic and doctor
//! names, numbers, openers and closers, and general sentences are composed
//! from parts, so most sentences of a corpus are distinct (as on a real
//! site, where only navigation and calls to action repeat). An earlier
//! version drew whole sentences from a few dozen, and 98% of its sentences
//! were repeats: any cache or lazily built automaton looked better on it
//! than on real pages.
//!
//! cargo run --release --example gen_corpus -- OUT_DIR SIZE_MB SEED
//!
//! Its sentence lists are also a labelled test set: tests/generated_corpus.rs
//! includes this file and checks that the honest sentences stay quiet in every
//! place a page puts them, and that every overpromise is flagged.

use std::fmt::Write as _;
use std::path::PathBuf;

/// splitmix64: small, fast and reproducible across platforms.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A log-normal sample with median `median`.
    fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        let (u1, u2) = (self.unit().max(1e-12), self.unit());
        let normal = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        median * (sigma * normal).exp()
    }
}

pub(crate) const HONEST: &[&str] = &[
    "A serious protocol runs four to six sessions across an eight-to-twelve-week course, with maintenance every three to six months.",
    "Each session combines microneedling at a calibrated depth with delivery of the regenerative serum into the upper dermis.",
    "The clinical effect, where it emerges, emerges at the eight-to-twelve-week mark and stabilises over the following months.",
    "Finasteride and minoxidil remain the evidence-anchored first-line options for androgenetic hair loss.",
    "A transplant moves follicular units from a donor zone and is the only modality that adds new follicles.",
    "Scarring alopecia is not a candidate and requires a separate dermatological work-up.",
    "For the first forty-eight hours, avoid sweating, swimming, aggressive shampoo and scalp massage.",
    "Redness usually settles within 24-48 hours, and a transient shed in the first weeks is expected.",
    "The physician who consults you should be the physician who signs your protocol.",
    "Written consent in your working language names the product, the dose and the course structure.",
    "Our clinic near Myeongdong station sees international patients six days a week — 명동 쇼핑 거리에서 도보 3분.",
    "Prices start at ₩350,000 per session; a full course is quoted after the consultation.",
    "The MFDS regulates allogeneic exosome products as cell-derived biologics; ask for the approval reference.",
    "The published evidence is positive but modest, and the strongest case is as an adjunct.",
    "Patients who measure their response at week three are measuring the wrong thing.",
    "We photograph a defined zone at baseline and again at week eight to twelve under matched lighting.",
    "Coordinators speak English, 日本語, 中文 and Русский, and interpreters are available on request.",
    "Book a consultation online, or call us from your hotel — we answer within the hour.",
    "Exosomes are nanoscale vesicles; growth-factor cocktails are formulated mixtures at defined concentrations.",
    "Telogen effluvium and stress-related shedding respond well when the underlying stressor resolves.",
];

pub(crate) const NEGATIVES: &[&str] = &[
    "A clinic that promises visible regrowth at four weeks is selling you an expectation the biology does not support.",
    "It is not a transplant, and it does not replace finasteride.",
    "Does this replace minoxidil? No.",
    "Be wary of any clinic that guarantees permanent results.",
    "Some agencies advertise it as a non-surgical hair transplant; it is not one.",
    "If a clinic claims 100% success, ask for the data.",
    "No honest clinic can promise results after a single session.",
];

pub(crate) const CLAIMS: &[&str] = &[
    "See new growth in just {weeks} weeks!",
    "In just {weeks-word} weeks, patients notice thicker, fuller hair.",
    "It is a non-surgical hair transplant, without the scars.",
    "Ditch the pills: no more finasteride once you start.",
    "Works for every stage of hair loss, even completely bald scalps.",
    "Guaranteed regrowth with zero side effects and no downtime.",
    "Clinically proven to regrow {percent}% of lost hair.",
    "One session is all you need — results last forever.",
    "We inject millions of live stem cells into your scalp.",
    "Visible results overnight, with our secret formula.",
    "A permanent cure for thinning hair.",
    "{percent}% of patients see denser hair after their second session.",
];

/// Words and phrases that vary between pages without changing what a
/// sentence claims (`{clinic}`, `{doctor}`, … in the lists above and below).
const CLINICS: &[&str] = &[
    "Hanbit",
    "Seoul Scalp",
    "Dain",
    "Sora",
    "Eunhye",
    "Gangnam Root",
    "Namsan",
    "Bom",
    "Haneul",
    "Cheongdam",
    "Yeoreum",
    "Mirae",
    "Sinsa Derm",
    "Jongno",
    "Hangang",
    "Arum",
    "Daon",
    "Nuri",
    "Saebom",
    "Gaon",
];
const DOCTORS: &[&str] = &[
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon",
    "Hwang", "Ahn", "Song", "Yoo", "Hong",
];
pub(crate) const OPENERS: &[&str] = &[
    "In our experience at {clinic} Clinic, ",
    "At {clinic} Clinic, ",
    "Dr. {doctor} puts it plainly: ",
    "For most patients from {country}, ",
    "As Dr. {doctor} tells every patient, ",
    "Put simply by Dr. {doctor}: ",
    "In practice, since {year}, ",
    "Our {district} coordinators explain it this way: ",
    "To be clear for {country} visitors, ",
    "Every consultation in {month} covers this: ",
    "Since {year}, ",
    "On our {district} floor, ",
    "At our {district} branch, ",
    "Dr. {doctor} of {clinic} Clinic notes that ",
    "As we explain to visitors from {country}, ",
    "Whatever you have read about {district} clinics, ",
    "From the first consultation with Dr. {doctor}, ",
    "Patients from {country} often ask about this: ",
];
pub(crate) const CLOSERS: &[&str] = &[
    " Ask Dr. {doctor} about it at your consultation.",
    " This is what the {clinic} team tells every patient.",
    " — {clinic} Clinic, {district}",
    " Dr. {doctor} reviews every case personally.",
    " Questions are welcome, in the language of {country}.",
    " You will find the details in your {month} plan.",
    " Dr. {doctor} and Dr. {doctor} sign every plan.",
    " Our {district} team can show you the records.",
    " Visitors from {country} receive the sheet in their language.",
    " See the {clinic} Clinic guide, edition {year}.",
];
const COUNTRIES: &[&str] = &[
    "Japan",
    "China",
    "Taiwan",
    "Vietnam",
    "Thailand",
    "Singapore",
    "the United States",
    "Australia",
    "Germany",
    "France",
    "Mongolia",
    "Kazakhstan",
    "Indonesia",
    "the Philippines",
    "Canada",
    "the United Kingdom",
];
const DISTRICTS: &[&str] = &[
    "Myeongdong",
    "Gangnam",
    "Sinsa",
    "Jongno",
    "Hongdae",
    "Itaewon",
    "Apgujeong",
    "Yeouido",
];
pub(crate) const SUBJECTS: &[&str] = &[
    "Our coordinators",
    "The nursing team",
    "Dr. {doctor}",
    "Our front desk",
    "The {clinic} team",
    "Our interpreters",
    "The consulting physician",
    "Our aftercare nurse",
    "Dr. {doctor}'s assistant",
    "The {district} reception",
    "A bilingual coordinator",
    "Our patient liaison for {country}",
];
pub(crate) const PREDICATES: &[&str] = &[
    "help you plan appointments",
    "answer messages",
    "explain the written consent",
    "book follow-up photographs",
    "arrange interpreters",
    "review your medical history",
    "send the aftercare sheet",
    "confirm the product batch",
    "print your invoice",
    "check your travel dates",
    "call your hotel",
    "keep your baseline photographs",
];
pub(crate) const ADJUNCTS: &[&str] = &[
    "around your flights",
    "before your first visit",
    "in English, 日本語 or 中文",
    "within one working day",
    "from our {district} office",
    "by email or KakaoTalk",
    "at no extra cost",
    "whenever you need",
    "on the {floor} floor",
    "between {hour} and {hour2} o'clock",
    "near exit {exit} of {district} station",
    "for patients from {country}",
];
pub(crate) const TAILS: &[&str] = &[
    "",
    "",
    "",
    " so nothing is rushed",
    " and keep a copy on file",
    " as Dr. {doctor} requires",
    " unless you ask otherwise",
    " during {month}",
    " while you stay in {district}",
    " for the whole course",
];

/// Fill `{…}` slots with varied words.
pub(crate) fn fill(rng: &mut Rng, template: &str) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let slot = &rest[open + 1..close];
        match slot {
            "clinic" => out.push_str(rng.pick(CLINICS)),
            "doctor" => out.push_str(rng.pick(DOCTORS)),
            "district" => out.push_str(rng.pick(DISTRICTS)),
            "country" => out.push_str(rng.pick(COUNTRIES)),
            "month" => out.push_str(rng.pick(&[
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ])),
            "floor" => out.push_str(rng.pick(&["second", "third", "fourth", "fifth", "sixth", "seventh"])),
            "hour" | "hour2" | "exit" => {
                let _ = write!(out, "{}", 1 + rng.below(12));
            }
            "year" => {
                let _ = write!(out, "{}", 2009 + rng.below(15));
            }
            "weeks" => {
                let _ = write!(out, "{}", 2 + rng.below(5));
            }
            "weeks-word" => out.push_str(rng.pick(&["two", "three", "four", "five", "six"])),
            "percent" => {
                let _ = write!(out, "{}", 85 + rng.below(15));
            }
            _ => out.push_str(&rest[open..=close.min(rest.len() - 1)]),
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

pub(crate) const HEADINGS: &[&str] = &[
    "What the treatment is",
    "How many sessions",
    "Who is a candidate",
    "Aftercare",
    "Results you can expect",
    "Pricing and booking",
    "Frequently asked questions",
    "Our physicians",
    "명동 클리닉 안내",
];

#[derive(Clone, Copy)]
enum Kind {
    Markdown,
    Html,
    Text,
}

fn sentence(rng: &mut Rng) -> String {
    let roll = rng.below(15);
    if roll == 0 {
        let claim = rng.pick(CLAIMS);
        let prefix = rng.pick(&["", "", "{clinic} exclusive: ", "New at {clinic}: ", "Limited offer! "]);
        fill(rng, &format!("{prefix}{claim}"))
    } else if roll == 1 {
        rng.pick(NEGATIVES).to_string()
    } else if roll < 5 {
        let template = format!(
            "{} {} {}{}.",
            rng.pick(SUBJECTS),
            rng.pick(PREDICATES),
            rng.pick(ADJUNCTS),
            rng.pick(TAILS)
        );
        fill(rng, &template)
    } else {
        honest(rng)
    }
}

/// An honest base sentence, with an opener, a closer, or neither.
fn honest(rng: &mut Rng) -> String {
    let base = rng.pick(HONEST);
    let mut text = match rng.below(10) {
        0 => base.to_string(),
        _ => {
            let opener = rng.pick(OPENERS);
            let mut chars = base.chars();
            let first: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
            format!("{opener}{first}{}", chars.as_str())
        }
    };
    if rng.below(2) == 0 {
        text.push_str(rng.pick(CLOSERS));
    }
    fill(rng, &text)
}

fn paragraph(rng: &mut Rng) -> String {
    let count = 2 + rng.below(5);
    (0..count).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

fn page(rng: &mut Rng, kind: Kind, target: usize) -> String {
    let mut out = String::with_capacity(target + 1024);
    match kind {
        Kind::Html => out.push_str(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Exosome scalp therapy in Myeongdong</title>\n<meta name=\"description\" content=\"Regenerative scalp mesotherapy with exosomes &amp; growth factors.\">\n<style>body{font-family:sans-serif}</style><script>var promo = 'Guaranteed regrowth in 2 weeks';</script></head><body>\n",
        ),
        Kind::Markdown => out.push_str("---\ntitle: \"Exosome scalp therapy in Myeongdong\"\n---\n\n# Exosome hair treatment\n\n"),
        Kind::Text => out.push_str("Exosome hair treatment in Myeongdong\n\n"),
    }
    while out.len() < target {
        let heading = rng.pick(HEADINGS);
        let shape = rng.below(6);
        match kind {
            Kind::Markdown => {
                let _ = write!(out, "## {heading}\n\n");
                match shape {
                    0 => {
                        for _ in 0..3 + rng.below(4) {
                            let _ = writeln!(out, "- {}", sentence(rng));
                        }
                        out.push('\n');
                    }
                    1 => {
                        out.push_str("| Item | Detail |\n|---|---|\n");
                        for _ in 0..3 {
                            let _ = writeln!(out, "| {} | {} |", rng.pick(HEADINGS), sentence(rng));
                        }
                        out.push('\n');
                    }
                    2 => {
                        let _ = write!(out, "![{}](img/scalp.jpg)\n\n> {}\n\n", sentence(rng), paragraph(rng));
                    }
                    _ => {
                        let _ = write!(out, "{} *{}* {}\n\n", paragraph(rng), honest(rng), paragraph(rng));
                    }
                }
            }
            Kind::Html => {
                let _ = writeln!(out, "<h2>{heading}</h2>");
                match shape {
                    0 => {
                        out.push_str("<ul>");
                        for _ in 0..3 + rng.below(4) {
                            let _ = write!(out, "<li>{}</li>", sentence(rng));
                        }
                        out.push_str("</ul>\n");
                    }
                    1 => {
                        out.push_str("<table><tr><th>Item</th><th>Detail</th></tr>");
                        for _ in 0..3 {
                            let _ = write!(
                                out,
                                "<tr><td>{}</td><td>{}</td></tr>",
                                rng.pick(HEADINGS),
                                sentence(rng)
                            );
                        }
                        out.push_str("</table>\n");
                    }
                    2 => {
                        let _ = writeln!(
                            out,
                            "<img src=\"scalp.jpg\" alt=\"{}\"><p>{}</p>",
                            sentence(rng),
                            paragraph(rng)
                        );
                    }
                    _ => {
                        let _ = writeln!(
                            out,
                            "<p>{} <strong>{}</strong> {}</p>",
                            paragraph(rng),
                            honest(rng),
                            paragraph(rng)
                        );
                    }
                }
            }
            Kind::Text => {
                let _ = write!(out, "{heading}\n\n{}\n\n", paragraph(rng));
                if shape == 0 {
                    for _ in 0..3 {
                        let _ = writeln!(out, "- {}", sentence(rng));
                    }
                    out.push('\n');
                }
            }
        }
    }
    if let Kind::Html = kind {
        out.push_str("<footer><a href=\"/book\">Book a consultation</a></footer></body></html>\n");
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: gen_corpus OUT_DIR SIZE_MB SEED");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[1]);
    let budget = (args[2].parse::<f64>().expect("SIZE_MB is a number") * 1024.0 * 1024.0) as usize;
    let mut rng = Rng(args[3].parse().expect("SEED is an integer"));
    let mut written = 0;
    let mut index = 0;
    while written < budget {
        let kind = match rng.below(10) {
            0..=4 => Kind::Markdown,
            5..=7 => Kind::Html,
            _ => Kind::Text,
        };
        // About one file in 400 is MB-sized; the rest log-normal around 8 KB.
        let size = if rng.below(400) == 0 {
            1_000_000 + rng.below(2_000_000)
        } else {
            rng.log_normal(8192.0, 0.7) as usize
        };
        let size = size.clamp(512, budget - written + 512);
        let text = page(&mut rng, kind, size);
        let ext = match kind {
            Kind::Markdown => "md",
            Kind::Html => "html",
            Kind::Text => "txt",
        };
        let dir = out.join(format!("site-{:02}", index % 16));
        std::fs::create_dir_all(&dir).expect("create output folder");
        std::fs::write(dir.join(format!("page-{index:05}.{ext}")), &text).expect("write page");
        written += text.len();
        index += 1;
    }
    eprintln!(
        "wrote {index} files, {:.1} MB, into {}",
        written as f64 / 1048576.0,
        out.display()
    );
}
