//! A synthetic dataset the size of the real platform, for benchmarks: by default 1.2 million teachers,
//! 295,000 schools and 160,000 projects over the 46 countries, skewed as registrations are (a few large
//! countries hold most teachers). Deterministic: the same seed gives the same rows on SQLite and PostgreSQL.
//!
//! Names, towns and texts are built from small word lists and syllables, so searches have common words
//! ("project", "pupils"), rare ones (made-up words shared by a few dozen teachers) and names in many languages.
use crate::{
    accounts::{AccountStatus, ssr as accounts},
    countries::COUNTRIES,
    partners::ssr::index,
    projects::{ProjectStatus, ssr as projects},
    schools::{SchoolKind, ssr::entity as schools},
    teachers::{
        interests::{self, AGE_RANGES, SUBJECTS, THEMES},
        ssr::interest_entity,
    },
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, PaginatorTrait, Set};

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub teachers: u32,
    pub schools: u32,
    pub projects: u32,
    pub seed: u64,
}

impl Default for Size {
    fn default() -> Self {
        Size { teachers: 1_200_000, schools: 295_000, projects: 160_000, seed: 2005 }
    }
}

/// The account benchmarks sign in with: a validated French teacher with interests.
pub const BENCH_EMAIL: &str = "bench@scale.opentwin.test";

/// SplitMix64: tiny, fast, and stable forever (a crate's generator could change its stream between versions,
/// and the dataset must stay the same).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Skewed towards the start of a list: popular entries come first.
    fn skewed(&mut self, len: usize) -> usize {
        let a = self.below(len as u64);
        let b = self.below(len as u64);
        a.min(b) as usize
    }
}

/// Relative size of each country's community; countries not named weigh 3.
const WEIGHTS: &[(&str, u64)] = &[
    ("TR", 230), ("IT", 120), ("PL", 100), ("ES", 90), ("RO", 80), ("GR", 70), ("FR", 60), ("PT", 45), ("UA", 30),
    ("DE", 30), ("HR", 25), ("BG", 25), ("CZ", 25), ("SK", 25), ("LT", 20), ("AZ", 15), ("GE", 15), ("BE", 15),
    ("HU", 15), ("RS", 15), ("AM", 10), ("MK", 10), ("NL", 10), ("AT", 10), ("SI", 10), ("MD", 8), ("LV", 8),
    ("FI", 8), ("IE", 8), ("AL", 8), ("EG", 8), ("EE", 6), ("SE", 6), ("BA", 6), ("MA", 6), ("NO", 5), ("DK", 4),
    ("CY", 4), ("JO", 4), ("ME", 3), ("LB", 3), ("MT", 2), ("LU", 1), ("IS", 1), ("LI", 1),
];

const FIRST: &[&str] = &[
    "Maria", "Anna", "Elena", "Ayşe", "Fatma", "Giulia", "Francesca", "Agnieszka", "Katarzyna", "Lucía", "Carmen",
    "Ioana", "Andreea", "Eleni", "Sophie", "Claire", "Ana", "Inês", "Olena", "Nino", "Petra", "Jana", "Ruta", "Aino",
    "Emma", "Sara", "Laura", "Marta", "Zeynep", "Nadia", "Mehmet", "Ahmet", "Marco", "Luca", "Tomasz", "Piotr",
    "Javier", "Pablo", "Andrei", "Nikos", "Julien", "Pierre", "João", "Pedro", "Oleksandr", "Giorgi", "Jan", "Peter",
    "Mikko", "Lars", "Thomas", "Michael", "Stefan", "Ivan", "Ali", "Omar", "Youssef", "Karim", "Davit", "Aram",
];

const LAST: &[&str] = &[
    "Yılmaz", "Kaya", "Demir", "Şahin", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Nowak", "Kowalski",
    "Wiśniewski", "Wójcik", "García", "Fernández", "González", "Rodríguez", "López", "Popescu", "Ionescu", "Popa",
    "Papadopoulos", "Georgiou", "Martin", "Bernard", "Dubois", "Thomas", "Silva", "Santos", "Ferreira", "Kovalenko",
    "Shevchenko", "Beridze", "Kapanadze", "Horvat", "Kovačević", "Ivanov", "Petrov", "Novák", "Svoboda", "Kazlauskas",
    "Müller", "Schmidt", "Schneider", "Fischer", "Peeters", "Janssens", "Nagy", "Kovács", "Jovanović", "Petrović",
    "Hovhannisyan", "Mammadov", "Aliyev", "Rusu", "Bērziņš", "Virtanen", "Korhonen", "Andersson", "Johansson",
    "Murphy", "Kelly", "Hansen", "Jensen", "Tamm", "Saar", "Hoxha", "Begić", "El Amrani", "Haddad", "Mansour",
    "Borg", "Camilleri", "Weber", "Gruber", "Novak", "Krajnc", "Mitrevski", "Popović", "Jónsson", "Schmit",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ra", "sen", "tor", "vel", "an", "bri", "co", "du", "el", "fa", "gor", "hal", "is", "jun", "ke",
    "lin", "mar", "nor", "os", "pa", "qui", "ros", "sta", "tu", "ur", "vik", "zen",
];

/// Words of the texts, most common first.
const WORDS: &[&str] = &[
    "project", "pupils", "students", "school", "learning", "together", "partners", "europe", "culture", "language",
    "digital", "skills", "science", "climate", "art", "music", "stories", "history", "games", "water", "food",
    "friendship", "environment", "coding", "robotics", "poetry", "theatre", "photography", "festivals", "traditions",
    "recycling", "biodiversity", "citizenship", "inclusion", "wellbeing", "mathematics", "astronomy", "geometry",
    "folklore", "architecture", "podcasts", "newspaper", "gardening", "bees", "rivers", "mountains", "seas", "energy",
    "heritage", "democracy", "entrepreneurship", "chess", "dance", "comics", "animation", "tourism", "cooking",
];

fn made_up_word(rng: &mut Rng) -> String {
    (0..3).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn town(country: &str, n: u64) -> String {
    let mut rng = Rng(n.wrapping_mul(7919) ^ country.bytes().fold(0, |h, b| h * 31 + b as u64));
    let mut name = made_up_word(&mut rng);
    name[..1].make_ascii_uppercase();
    name
}

/// Fills an empty database (reference data aside). Returns false, writing nothing, when there are schools already.
pub async fn generate(db: &DatabaseConnection, size: Size, bench_password: &str, progress: impl Fn(&str)) -> Result<bool, DbErr> {
    if schools::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let now = chrono::Utc::now();
    let mut rng = Rng(size.seed);
    let total_weight: u64 = COUNTRIES.iter().map(|(code, ..)| weight(code)).sum();
    let country_of = |rng: &mut Rng| -> &'static str {
        let mut ticket = rng.below(total_weight);
        for (code, ..) in COUNTRIES {
            let w = weight(code);
            if ticket < w {
                return code;
            }
            ticket -= w;
        }
        COUNTRIES[0].0
    };
    let days_ago = |days: u64| now - chrono::TimeDelta::days(days as i64);

    // Schools, grouped by country so that teachers can be placed in one of their country's schools.
    progress("schools");
    let mut school_country: Vec<&'static str> = (0..size.schools).map(|_| country_of(&mut rng)).collect();
    school_country.sort_unstable();
    let mut by_country: std::collections::HashMap<&str, (u32, u32)> = std::collections::HashMap::new();
    for (index, code) in school_country.iter().enumerate() {
        let entry = by_country.entry(code).or_insert((index as u32, index as u32));
        entry.1 = index as u32 + 1;
    }
    let kinds = SchoolKind::ALL;
    let school_names: Vec<(String, String)> = (0..size.schools as u64)
        .map(|n| {
            let city = town(school_country[n as usize], n % 400);
            let name = format!("{} {} {}", rng.pick(&["School", "Lyceum", "Gymnasium", "College", "Institute", "Academy"]), rng.pick(LAST), n + 1);
            (name, city)
        })
        .collect();
    let first_school = 1 + max_id(db, "schools").await?;
    insert_in_chunks(db, (0..size.schools as usize).map(|n| {
        let (name, city) = &school_names[n];
        schools::ActiveModel {
            id: Set(first_school + n as i32),
            name_key: Set(crate::schools::ssr::key(name)),
            city_key: Set(crate::schools::ssr::key(city)),
            name: Set(name.clone()),
            country_code: Set(school_country[n].to_owned()),
            city: Set(city.clone()),
            kind: Set(kinds[n % kinds.len()].as_str().to_owned()),
            confirmed: Set(true),
            created_at: Set(days_ago((n as u64 * 7919) % 7300)),
            label_from: Set(None),
            label_until: Set(None),
        }
    }))
    .await?;

    // Teachers: most validated; some pending, rejected or suspended, so that the visibility rule is exercised.
    progress("teachers");
    let first_account = 1 + max_id(db, "accounts").await?;
    let mut teachers: Vec<(&'static str, i32)> = Vec::with_capacity(size.teachers as usize);
    let mut statuses = Vec::with_capacity(size.teachers as usize);
    for _ in 0..size.teachers {
        let country = school_country[rng.below(size.schools as u64) as usize];
        let (from, to) = by_country[country];
        let school = first_school + (from + rng.below((to - from) as u64) as u32) as i32;
        teachers.push((country, school));
        let roll = rng.below(1000);
        statuses.push(match roll {
            0..940 => AccountStatus::Validated,
            940..970 => AccountStatus::Pending,
            970..985 => AccountStatus::Rejected,
            _ => AccountStatus::Suspended,
        });
    }
    let mut names_rng = Rng(size.seed ^ 0xA11CE);
    insert_in_chunks(db, (0..size.teachers as usize).map(|n| {
        let joined = days_ago(names_rng.below(7300));
        let active = joined + chrono::TimeDelta::seconds(names_rng.below((now - joined).num_seconds().max(1) as u64) as i64);
        accounts::entity::ActiveModel {
            id: Set(first_account + n as i32),
            kind: Set(accounts::KIND_STAFF.to_owned()),
            email: Set(Some(format!("teacher{n}@scale.opentwin.test"))),
            username: Set(None),
            display_name: Set(format!("{} {}", names_rng.pick(FIRST), names_rng.pick(LAST))),
            password_hash: Set(None),
            staff_role: Set(Some("teacher".to_owned())),
            platform_role: Set("member".to_owned()),
            country_code: Set(Some(teachers[n].0.to_owned())),
            school_id: Set(Some(teachers[n].1)),
            status: Set(statuses[n].as_str().to_owned()),
            created_at: Set(joined),
            email_verified_at: Set(Some(joined)),
            institution: Set(None),
            created_by: Set(None),
            suspended_until: Set(None),
            report_mail: Set(false),
            decision_reason: Set(None),
            decided_by: Set(None),
            decided_at: Set(None),
            locale: Set("en".to_owned()),
            last_active_at: Set(Some(active)),
            picture_at: Set(None),
        }
    }))
    .await?;

    // "My interests" for six teachers in ten.
    progress("interests");
    let languages: Vec<&str> = interests::language_keys().collect();
    let mut text_rng = Rng(size.seed ^ 0x7E47);
    insert_in_chunks(db, (0..size.teachers as usize).filter_map(|n| {
        if !text_rng.chance(60) {
            return None;
        }
        let subjects: Vec<&str> = (0..1 + text_rng.below(3)).map(|_| SUBJECTS[text_rng.skewed(SUBJECTS.len())]).collect();
        let ages: Vec<&str> = (0..1 + text_rng.below(2)).map(|_| *text_rng.pick(AGE_RANGES)).collect();
        let themes: Vec<&str> = (0..text_rng.below(3)).map(|_| *text_rng.pick(THEMES)).collect();
        let mut spoken: Vec<&str> = vec!["en"];
        spoken.extend((0..text_rng.below(3)).map(|_| languages[text_rng.skewed(languages.len())]));
        let words: Vec<&str> = (0..6 + text_rng.below(10)).map(|_| WORDS[text_rng.skewed(WORDS.len())]).collect();
        let rare = if text_rng.chance(30) { made_up_word(&mut text_rng) } else { String::new() };
        let introduction = format!(
            "I teach {} to pupils aged {}. We like {} {}.",
            subjects[0].replace('_', " "),
            ages[0].replace('_', " "),
            words.join(" "),
            rare
        );
        let project_idea = if text_rng.chance(40) {
            format!("A project about {} and {} with a school abroad.", words[0], *text_rng.pick(WORDS))
        } else {
            String::new()
        };
        Some(interest_entity::ActiveModel {
            account_id: Set(first_account + n as i32),
            introduction: Set(introduction),
            project_idea: Set(project_idea),
            subjects: Set(interests::mask(SUBJECTS.iter().copied(), |k| subjects.contains(&k))),
            age_ranges: Set(interests::mask(AGE_RANGES.iter().copied(), |k| ages.contains(&k))),
            languages: Set(interests::mask(interests::language_keys(), |k| spoken.contains(&k))),
            themes: Set(interests::mask(THEMES.iter().copied(), |k| themes.contains(&k))),
            open_to_plus: Set(text_rng.chance(30)),
            looking_now: Set(text_rng.chance(15)),
            updated_at: Set(now),
            ..Default::default()
        })
    }))
    .await?;

    // Projects of two or three teachers, mostly from different countries; most approved.
    progress("projects");
    let first_project = 1 + max_id(db, "projects").await?;
    let mut project_rng = Rng(size.seed ^ 0x9A0);
    let mut members = Vec::with_capacity(size.projects as usize * 3);
    let projects: Vec<projects::entity::ActiveModel> = (0..size.projects as usize)
        .map(|n| {
            let status = match project_rng.below(100) {
                0..40 => ProjectStatus::Open,
                40..70 => ProjectStatus::Archived,
                70..85 => ProjectStatus::Closed,
                85..95 => ProjectStatus::Proposed,
                _ => ProjectStatus::Rejected,
            };
            let id = first_project + n as i32;
            let mut chosen: Vec<i32> = Vec::new();
            while chosen.len() < 2 + project_rng.below(2) as usize {
                let member = first_account + project_rng.below(size.teachers as u64) as i32;
                if !chosen.contains(&member) {
                    chosen.push(member);
                }
            }
            let national = teachers[(chosen[0] - first_account) as usize].0 == teachers[(chosen[1] - first_account) as usize].0;
            let (founder, cofounder) = (chosen[0], chosen[1]);
            members.extend(chosen.into_iter().map(|account| (id, account)));
            let created_at = days_ago(project_rng.below(7300));
            projects::entity::ActiveModel {
                id: Set(id),
                title: Set(format!("{} and {}", capitalised(WORDS[project_rng.skewed(WORDS.len())]), *project_rng.pick(WORDS))),
                summary: Set(format!("Pupils explore {} together.", *project_rng.pick(WORDS))),
                status: Set(status.as_str().to_owned()),
                national: Set(national),
                created_at: Set(created_at),
                founder_id: Set(Some(founder)),
                cofounder_id: Set(Some(cofounder)),
                cofounder_answered_at: Set(Some(created_at)),
                languages: Set(1 << 5),
                age_ranges: Set(1 << 2),
                subjects: Set(1 << 18),
                pupils_count: Set(25),
                tools: Set(String::new()),
                aims: Set(String::new()),
                work_process: Set(String::new()),
                expected_results: Set(String::new()),
                listed: Set(true),
                show_members: Set(true),
                opened_at: Set(status.approved().then_some(created_at)),
                archived_at: Set(None),
                closed_at: Set(None),
                premoderate_pupils: Set(false),
                hidden_at: Set(None),
                hidden_reason: Set(None),
                national_labels: Set(String::new()),
                european_label_year: Set(None),
                theme_year: Set(None),
            }
        })
        .collect();
    insert_in_chunks(db, projects.into_iter()).await?;
    insert_in_chunks(db, members.into_iter().map(|(project_id, account_id)| projects::member_entity::ActiveModel {
        project_id: Set(project_id),
        account_id: Set(account_id),
        role: Set("teacher_administrator".to_owned()),
        joined_at: Set(now),
    }))
    .await?;

    // Before any row takes an id from a sequence.
    if db.get_database_backend() == DbBackend::Postgres {
        // Rows were written with their ids: move the sequences past them.
        for table in ["schools", "accounts", "projects"] {
            db.execute_unprepared(&format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ))
            .await?;
        }
    }

    // The benchmark's own account, with a password, so that it signs in like anyone.
    let bench = accounts::entity::ActiveModel {
        kind: Set(accounts::KIND_STAFF.to_owned()),
        email: Set(Some(BENCH_EMAIL.to_owned())),
        display_name: Set("Bench Marker".to_owned()),
        password_hash: Set(Some(accounts::hash_password_now(bench_password).map_err(|err| DbErr::Custom(err.to_string()))?)),
        staff_role: Set(Some("teacher".to_owned())),
        platform_role: Set("member".to_owned()),
        country_code: Set(Some("FR".to_owned())),
        school_id: Set(Some(first_school)),
        status: Set(AccountStatus::Validated.as_str().to_owned()),
        created_at: Set(now),
        email_verified_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    interest_entity::ActiveModel {
        account_id: Set(bench.id),
        introduction: Set("I teach science and music.".to_owned()),
        project_idea: Set(String::new()),
        subjects: Set(interests::mask(SUBJECTS.iter().copied(), |k| k == "science" || k == "music")),
        age_ranges: Set(interests::mask(AGE_RANGES.iter().copied(), |k| k == "from_12_to_15")),
        languages: Set(interests::mask(interests::language_keys(), |k| k == "en" || k == "fr")),
        themes: Set(interests::mask(THEMES.iter().copied(), |k| k == "climate")),
        open_to_plus: Set(true),
        looking_now: Set(true),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;

    progress("partner index");
    index::rebuild(db).await?;
    progress("statistics");
    // PostgreSQL: VACUUM also fills the visibility map, which index-only scans need.
    db.execute_unprepared(if db.get_database_backend() == DbBackend::Postgres { "VACUUM ANALYZE" } else { "ANALYZE" }).await?;
    Ok(true)
}

fn weight(code: &str) -> u64 {
    WEIGHTS.iter().find(|(c, _)| *c == code).map(|(_, w)| *w).unwrap_or(3)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

async fn max_id(db: &DatabaseConnection, table: &str) -> Result<i32, DbErr> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}")))
        .await?;
    Ok(row.map(|row| row.try_get::<i32>("", "m")).transpose()?.unwrap_or(0))
}

/// Inserts rows a thousand at a time, each table in one transaction (SQLite writes far faster that way).
async fn insert_in_chunks<A>(db: &DatabaseConnection, rows: impl Iterator<Item = A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    let txn = crate::db::begin(db).await?;
    let mut chunk = Vec::with_capacity(1000);
    for row in rows {
        chunk.push(row);
        if chunk.len() == 1000 {
            <A::Entity as EntityTrait>::insert_many(std::mem::take(&mut chunk)).exec_without_returning(&txn).await?;
        }
    }
    if !chunk.is_empty() {
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(&txn).await?;
    }
    txn.commit().await
}
