//! A deterministic synthetic corpus: ~1 KB reports in the register of
//! intelligence reports, with a Zipf-like word frequency, people, vehicles,
//! phones and places, so that there are frequent, medium and rare terms.

use intel_core::cycle::records::NewReport;
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::{Priority, SourceType};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const COMMON: &[&str] = &[
    "the",
    "was",
    "seen",
    "vehicle",
    "address",
    "male",
    "female",
    "with",
    "at",
    "on",
    "and",
    "in",
    "from",
    "reported",
    "driving",
    "outside",
    "near",
    "believed",
    "to",
    "be",
    "involved",
    "supply",
    "drugs",
    "cash",
    "meeting",
    "property",
    "evening",
    "morning",
    "associate",
    "known",
    "area",
    "street",
    "road",
    "premises",
    "phone",
    "using",
    "car",
    "van",
    "regularly",
    "visits",
    "late",
    "night",
    "carrying",
    "bag",
    "package",
    "two",
    "three",
    "group",
    "youths",
    "members",
    "often",
    "around",
    "park",
    "shop",
    "flat",
    "house",
    "estate",
    "centre",
    "town",
    "station",
    "pub",
    "club",
    "takeaway",
    "garage",
    "storage",
    "unit",
    "boot",
    "dealing",
    "class",
    "cocaine",
    "heroin",
    "cannabis",
    "county",
    "line",
    "runner",
    "debt",
    "threats",
    "violence",
    "knife",
    "weapon",
    "firearm",
    "stolen",
    "goods",
    "burglary",
    "robbery",
    "fraud",
    "money",
    "laundering",
    "exploitation",
    "vulnerable",
    "child",
    "adult",
    "cuckooing",
    "trafficking",
    "modern",
    "slavery",
    "organised",
    "crime",
    "network",
    "leader",
    "lieutenant",
    "courier",
    "handover",
    "deal",
    "line",
    "number",
    "changes",
    "weekly",
    "burner",
    "social",
    "media",
    "account",
    "messages",
    "travel",
    "motorway",
    "hire",
    "registered",
    "keeper",
    "insurance",
    "false",
    "plates",
    "cloned",
    "tinted",
    "windows",
];

const FIRST: &[&str] = &[
    "John", "Dave", "Sarah", "Mohammed", "Liam", "Emma", "Kyle", "Jade", "Ryan", "Chloe", "Tom", "Aisha", "Connor", "Leah", "Jamal",
    "Megan",
];
const PLACES: &[&str] =
    &["High Street", "Station Road", "Church Lane", "Park Avenue", "Victoria Road", "Mill Lane", "Queens Road", "The Crescent"];
const VEHICLES: &[&str] = &["Ford Transit", "VW Golf", "BMW 3 Series", "Audi A3", "Vauxhall Corsa", "Mercedes Sprinter", "Toyota Prius"];

pub struct Corpus {
    rng: StdRng,
    surnames: Vec<String>,
    zipf: Vec<f64>,
}

impl Corpus {
    pub fn new(seed: u64, surname_pool: usize) -> Self {
        let mut rng = StdRng::seed_from_u64(seed);
        let syll =
            ["ka", "lo", "mi", "ra", "ten", "vo", "shi", "ber", "dan", "gul", "ov", "ski", "win", "mer", "ton", "ash", "ley", "ford"];
        let surnames = (0..surname_pool)
            .map(|i| {
                let n = 2 + i % 3;
                let mut s: String = (0..n).map(|_| syll[rng.gen_range(0..syll.len())]).collect();
                s.push_str(&format!("{}", i % 97));
                let mut c = s.chars();
                c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
            })
            .collect();
        // Cumulative Zipf weights over COMMON (rank 1 most frequent).
        let mut acc = 0.0;
        let zipf = (1..=COMMON.len())
            .map(|r| {
                acc += 1.0 / (r as f64).powf(1.07);
                acc
            })
            .collect();
        Corpus { rng, surnames, zipf }
    }

    pub fn surname(&self, i: usize) -> &str {
        &self.surnames[i % self.surnames.len()]
    }

    pub fn surname_count(&self) -> usize {
        self.surnames.len()
    }

    fn word(&mut self) -> &'static str {
        let total = *self.zipf.last().unwrap_or(&1.0);
        let x = self.rng.gen_range(0.0..total);
        let i = self.zipf.partition_point(|c| *c < x);
        COMMON[i.min(COMMON.len() - 1)]
    }

    /// One report and the indexes (into the entity pool) of the people it names.
    pub fn report(&mut self) -> (NewReport, Vec<usize>) {
        let mut text = String::with_capacity(1100);
        let people: Vec<usize> = (0..self.rng.gen_range(1..=2)).map(|_| self.rng.gen_range(0..self.surnames.len())).collect();
        for p in &people {
            let first = FIRST[self.rng.gen_range(0..FIRST.len())];
            text.push_str(&format!("{} {} ", first, self.surnames[*p].to_uppercase()));
            text.push_str(&format!(
                "dob {:02}/{:02}/{} ",
                self.rng.gen_range(1..29),
                self.rng.gen_range(1..13),
                self.rng.gen_range(1960..2008)
            ));
        }
        let reg = format!(
            "{}{}{:02}{}{}{} ",
            (b'A' + self.rng.gen_range(0..26)) as char,
            (b'A' + self.rng.gen_range(0..26)) as char,
            self.rng.gen_range(10..75),
            (b'A' + self.rng.gen_range(0..26)) as char,
            (b'A' + self.rng.gen_range(0..26)) as char,
            (b'A' + self.rng.gen_range(0..26)) as char
        );
        text.push_str(&format!("{} {} ", VEHICLES[self.rng.gen_range(0..VEHICLES.len())], reg));
        text.push_str(&format!("{} {} ", self.rng.gen_range(1..200), PLACES[self.rng.gen_range(0..PLACES.len())]));
        text.push_str(&format!("07{:09} ", self.rng.gen_range(0..1_000_000_000u64)));
        while text.len() < 1000 {
            text.push_str(self.word());
            text.push(' ');
        }
        let priority = match self.rng.gen_range(0..10) {
            0 => Priority::High,
            1..=3 => Priority::Medium,
            _ => Priority::Low,
        };
        let source_type =
            [SourceType::Officer, SourceType::Public, SourceType::PartnerAgency, SourceType::Crimestoppers][self.rng.gen_range(0..4)];
        let marking = if self.rng.gen_range(0..5) == 0 { Marking::OfficialSensitive } else { Marking::Official };
        (
            NewReport {
                marking,
                priority,
                source_type,
                source_ref: None,
                submitting_officer: Some("Bench Officer".into()),
                received_at: None,
                text,
                review_group: Some(4),
                attachments: vec![],
            },
            people,
        )
    }
}
