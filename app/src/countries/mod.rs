//! Countries: reference data, the support organisation of each, and the public countries index.
mod reference;
mod views;

pub use reference::COUNTRIES;
pub use views::{CountriesPage, CountryPage};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which programme a country takes part in. eTwinning Plus countries have a Partner Support Agency (PSA) instead
/// of a National Support Organisation (NSO), and their schools need partners from two eTwinning countries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Programme {
    Etwinning,
    EtwinningPlus,
}

impl Programme {
    pub fn as_str(self) -> &'static str {
        match self {
            Programme::Etwinning => "etwinning",
            Programme::EtwinningPlus => "etwinning_plus",
        }
    }

    pub fn parse(value: &str) -> Option<Programme> {
        match value {
            "etwinning" => Some(Programme::Etwinning),
            "etwinning_plus" => Some(Programme::EtwinningPlus),
            _ => None,
        }
    }

    /// The name of a country's support organisation, from the programme.
    pub fn support_organisation(self, country_name: &str) -> String {
        match self {
            Programme::Etwinning => format!("National Support Organisation of {country_name}"),
            Programme::EtwinningPlus => format!("Partner Support Agency of {country_name}"),
        }
    }
}

/// Whether a code (upper case) is one of the platform's countries.
pub fn is_known(code: &str) -> bool {
    COUNTRIES.iter().any(|(known, ..)| *known == code)
}

/// A country's support organisation as the reader says it: the National Support Organisation of an eTwinning
/// country, the Partner Support Agency of an eTwinning Plus one, with the country named in the reader's language.
/// (The English name kept in the database is for operators and exports.)
pub fn support_organisation_name(locale: crate::i18n::Locale, code: &str) -> String {
    use crate::i18n::td_string;
    let country = crate::locale::country_name(locale, code);
    let programme = COUNTRIES.iter().find(|(c, ..)| *c == code).map_or(Programme::Etwinning, |(.., programme)| *programme);
    match programme {
        Programme::Etwinning => td_string!(locale, support_nso, country = country.as_str()).to_string(),
        Programme::EtwinningPlus => td_string!(locale, support_psa, country = country.as_str()).to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub programme: Programme,
    pub support_organisation: String,
}

/// A country with its public figures, for the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountrySummary {
    pub country: Country,
    pub schools: u64,
    pub teachers: u64,
}

/// "X in numbers": the public figures of one country and how they grew, year by year (cumulative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryNumbers {
    pub country: Country,
    pub schools: u64,
    pub teachers: u64,
    pub projects: u64,
    pub growth: Vec<YearFigures>,
    /// Quality Labels won in the country, per year: National Quality Labels awarded to its teachers, and European
    /// Quality Labels of projects in which its teachers take part.
    pub labels: Vec<LabelYear>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelYear {
    pub year: i32,
    pub national: u64,
    pub european: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearFigures {
    pub year: i32,
    pub schools: u64,
    pub teachers: u64,
    pub projects: u64,
}

#[server(prefix = "/api")]
pub async fn countries_in_numbers() -> Result<Vec<CountrySummary>, AppError> {
    let db = crate::db::conn()?;
    ssr::summaries(&db).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn country_in_numbers(code: String) -> Result<CountryNumbers, AppError> {
    let db = crate::db::conn()?;
    ssr::numbers(&db, &code).await.map_err(crate::error::respond_with)
}

#[server(prefix = "/api")]
pub async fn list_countries() -> Result<Vec<Country>, AppError> {
    let db = crate::db::conn()?;
    ssr::list(&db).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{COUNTRIES, Country, CountryNumbers, CountrySummary, LabelYear, Programme, YearFigures};
    use crate::{
        access::ssr::publicly_visible_teachers,
        accounts::ssr::entity as accounts,
        error::AppError,
        projects::{ProjectStatus, ssr::{entity as projects, member_entity as members}},
        schools::ssr::entity as schools,
    };
    use sea_orm::{
        ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
        sea_query::{Expr, ExprTrait, OnConflict, Query},
    };
    use std::collections::BTreeMap;

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "countries")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub code: String,
            pub name: String,
            pub programme: String,
            pub support_organisation: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    /// Brings the `countries` table in line with the reference list: inserts new countries, updates names and
    /// programmes. Countries are never deleted here, since schools and people refer to them.
    pub async fn sync_reference_data(db: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
        let before: BTreeMap<String, String> =
            entity::Entity::find().all(db).await?.into_iter().map(|country| (country.code, country.programme)).collect();
        let rows = COUNTRIES.iter().map(|(code, name, programme)| entity::ActiveModel {
            code: sea_orm::Set((*code).to_owned()),
            name: sea_orm::Set((*name).to_owned()),
            programme: sea_orm::Set(programme.as_str().to_owned()),
            support_organisation: sea_orm::Set(programme.support_organisation(name)),
        });
        entity::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::column(entity::Column::Code)
                    .update_columns([
                        entity::Column::Name,
                        entity::Column::Programme,
                        entity::Column::SupportOrganisation,
                    ])
                    .to_owned(),
            )
            .exec(db)
            .await?;
        // A country that moved between programmes: partner search's programme filter reads a copy of it.
        for (code, _, programme) in COUNTRIES {
            if before.get(*code).is_some_and(|was| was != programme.as_str()) {
                crate::partners::ssr::index::set_programme(db, code, *programme == Programme::EtwinningPlus).await?;
            }
        }
        Ok(())
    }

    fn country(row: entity::Model) -> Country {
        Country {
            programme: Programme::parse(&row.programme).unwrap_or(Programme::Etwinning),
            code: row.code,
            name: row.name,
            support_organisation: row.support_organisation,
        }
    }

    pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Country>, AppError> {
        let rows = entity::Entity::find().order_by_asc(entity::Column::Name).all(db).await?;
        Ok(rows.into_iter().map(country).collect())
    }

    /// Every country with its confirmed schools and visible teachers: two grouped counts, not one per country.
    pub async fn summaries(db: &impl ConnectionTrait) -> Result<Vec<CountrySummary>, AppError> {
        let schools: BTreeMap<String, i64> = schools::Entity::find()
            .select_only()
            .column(schools::Column::CountryCode)
            .column_as(schools::Column::Id.count(), "n")
            .filter(schools::Column::Confirmed.eq(true))
            .group_by(schools::Column::CountryCode)
            .into_tuple::<(String, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let teachers: BTreeMap<String, i64> = accounts::Entity::find()
            .select_only()
            .column(accounts::Column::CountryCode)
            .column_as(accounts::Column::Id.count(), "n")
            .filter(publicly_visible_teachers())
            .filter(accounts::Column::CountryCode.is_not_null())
            .group_by(accounts::Column::CountryCode)
            .into_tuple::<(String, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        Ok(list(db)
            .await?
            .into_iter()
            .map(|country| CountrySummary {
                schools: schools.get(&country.code).copied().unwrap_or(0) as u64,
                teachers: teachers.get(&country.code).copied().unwrap_or(0) as u64,
                country,
            })
            .collect())
    }

    /// The year of a timestamp column, in the dialect of the backend.
    fn year_of(backend: DbBackend, column: &str) -> Expr {
        match backend {
            DbBackend::Postgres => Expr::cust(format!("CAST(EXTRACT(YEAR FROM \"{column}\") AS INTEGER)")),
            // SQLite keeps timestamps as ISO 8601 text.
            _ => Expr::cust(format!("CAST(substr(\"{column}\", 1, 4) AS INTEGER)")),
        }
    }

    /// The figures of one country. Projects count once each, when approved and with a member from the country.
    pub async fn numbers(db: &impl ConnectionTrait, code: &str) -> Result<CountryNumbers, AppError> {
        let code = code.trim().to_uppercase();
        if code.len() != 2 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(AppError::NotFound);
        }
        let country = country(entity::Entity::find_by_id(code.clone()).one(db).await?.ok_or(AppError::NotFound)?);
        let backend = db.get_database_backend();

        let school_years: Vec<(i32, i64)> = schools::Entity::find()
            .select_only()
            .column_as(year_of(backend, "created_at"), "year")
            .column_as(schools::Column::Id.count(), "n")
            .filter(schools::Column::CountryCode.eq(&code))
            .filter(schools::Column::Confirmed.eq(true))
            .group_by(year_of(backend, "created_at"))
            .into_tuple()
            .all(db)
            .await?;
        let teacher_years: Vec<(i32, i64)> = accounts::Entity::find()
            .select_only()
            .column_as(year_of(backend, "created_at"), "year")
            .column_as(accounts::Column::Id.count(), "n")
            .filter(publicly_visible_teachers())
            .filter(accounts::Column::CountryCode.eq(&code))
            .group_by(year_of(backend, "created_at"))
            .into_tuple()
            .all(db)
            .await?;
        let with_a_member_here = Query::select()
            .column((members::Entity, members::Column::ProjectId))
            .from(members::Entity)
            .inner_join(
                accounts::Entity,
                Expr::col((accounts::Entity, accounts::Column::Id)).equals((members::Entity, members::Column::AccountId)),
            )
            .and_where(Expr::col((accounts::Entity, accounts::Column::CountryCode)).eq(code.as_str()))
            .to_owned();
        let national_years: Vec<(i32, i64)> = {
            use crate::quality_labels::{LabelStatus, ssr::entity as applications};
            applications::Entity::find()
                .select_only()
                .column(applications::Column::Year)
                .column_as(applications::Column::Id.count(), "n")
                .filter(applications::Column::CountryCode.eq(&code))
                .filter(applications::Column::Status.eq(LabelStatus::Awarded.as_str()))
                .group_by(applications::Column::Year)
                .into_tuple()
                .all(db)
                .await?
        };
        let european_years: Vec<(i32, i64)> = {
            use crate::quality_labels::ssr::european_entity as european;
            european::Entity::find()
                .select_only()
                .column(european::Column::Year)
                .column_as(european::Column::ProjectId.count(), "n")
                .filter(european::Column::ProjectId.in_subquery(with_a_member_here.clone()))
                .group_by(european::Column::Year)
                .into_tuple()
                .all(db)
                .await?
        };
        let mut labels: BTreeMap<i32, LabelYear> = BTreeMap::new();
        for (year, n) in national_years {
            labels.entry(year).or_insert(LabelYear { year, national: 0, european: 0 }).national += n as u64;
        }
        for (year, n) in european_years {
            labels.entry(year).or_insert(LabelYear { year, national: 0, european: 0 }).european += n as u64;
        }
        let project_years: Vec<(i32, i64)> = projects::Entity::find()
            .select_only()
            .column_as(year_of(backend, "created_at"), "year")
            .column_as(projects::Column::Id.count(), "n")
            .filter(projects::Column::Status.is_in(ProjectStatus::APPROVED.map(ProjectStatus::as_str)))
            .filter(projects::Column::HiddenAt.is_null())
            // Only what is public: a project its members keep out of the directory is not counted here either.
            .filter(projects::Column::Listed.eq(true))
            .filter(projects::Column::Id.in_subquery(with_a_member_here))
            .group_by(year_of(backend, "created_at"))
            .into_tuple()
            .all(db)
            .await?;

        let mut by_year: BTreeMap<i32, YearFigures> = BTreeMap::new();
        let mut add = |rows: Vec<(i32, i64)>, pick: fn(&mut YearFigures) -> &mut u64| {
            for (year, n) in rows {
                *pick(by_year.entry(year).or_insert(YearFigures { year, schools: 0, teachers: 0, projects: 0 })) += n as u64;
            }
        };
        add(school_years, |y| &mut y.schools);
        add(teacher_years, |y| &mut y.teachers);
        add(project_years, |y| &mut y.projects);
        // Cumulative: each year shows the totals reached by its end.
        let mut running = YearFigures { year: 0, schools: 0, teachers: 0, projects: 0 };
        let growth: Vec<YearFigures> = by_year
            .into_values()
            .map(|year| {
                running = YearFigures {
                    year: year.year,
                    schools: running.schools + year.schools,
                    teachers: running.teachers + year.teachers,
                    projects: running.projects + year.projects,
                };
                running
            })
            .collect();
        Ok(CountryNumbers {
            schools: running.schools,
            teachers: running.teachers,
            projects: running.projects,
            growth,
            labels: labels.into_values().rev().collect(),
            country,
        })
    }
}
