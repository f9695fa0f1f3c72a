//! Schools: every teacher belongs to one. At sign-up a person finds their school within their country, or
//! registers a new one; in eTwinning Plus countries a new school waits until the Partner Support Agency
//! confirms it (by validating the person who registered it).
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A school as the sign-up form's search shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolHit {
    pub id: i32,
    pub name: String,
    pub city: String,
}

/// Schools of a country whose name or city contains the text; at most 20. Public: schools are not personal data.
#[server(prefix = "/api")]
pub async fn search_schools(country: String, text: String) -> Result<Vec<SchoolHit>, AppError> {
    let db = crate::db::conn()?;
    ssr::search(&db, &country, &text).await.map_err(crate::error::respond_with)
}

/// The kinds of school the platform serves, from pre-school to initial teacher education.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SchoolKind {
    PreSchool,
    Primary,
    LowerSecondary,
    UpperSecondary,
    Vocational,
    SpecialNeeds,
    TeacherEducation,
}

impl SchoolKind {
    pub const ALL: [SchoolKind; 7] = [
        SchoolKind::PreSchool,
        SchoolKind::Primary,
        SchoolKind::LowerSecondary,
        SchoolKind::UpperSecondary,
        SchoolKind::Vocational,
        SchoolKind::SpecialNeeds,
        SchoolKind::TeacherEducation,
    ];

    pub fn parse(value: &str) -> Option<SchoolKind> {
        SchoolKind::ALL.into_iter().find(|kind| kind.as_str() == value)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SchoolKind::PreSchool => "pre_school",
            SchoolKind::Primary => "primary",
            SchoolKind::LowerSecondary => "lower_secondary",
            SchoolKind::UpperSecondary => "upper_secondary",
            SchoolKind::Vocational => "vocational",
            SchoolKind::SpecialNeeds => "special_needs",
            SchoolKind::TeacherEducation => "teacher_education",
        }
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{SchoolHit, SchoolKind};
    use crate::{
        accounts::{SignUpForm, rules},
        countries::ssr::entity as countries,
        error::{AppError, Problem},
    };
    use sea_orm::{
        ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
        sea_query::{Expr, ExprTrait},
    };

    /// Case-insensitive "contains" on name or city, within one country, among confirmed schools: a school typed
    /// at sign-up is public only once its teacher is validated (or the PSA confirms it).
    pub async fn search(db: &impl ConnectionTrait, country: &str, text: &str) -> Result<Vec<SchoolHit>, AppError> {
        let text = text.trim();
        if text.chars().count() < 2 || text.chars().count() > 100 {
            return Ok(Vec::new());
        }
        let like = |column: entity::Column| Expr::col(column).like(crate::db::contains_pattern(&key(text)));
        let rows = entity::Entity::find()
            .filter(entity::Column::CountryCode.eq(country.trim().to_uppercase()))
            .filter(entity::Column::Confirmed.eq(true))
            .filter(sea_orm::Condition::any().add(like(entity::Column::NameKey)).add(like(entity::Column::CityKey)))
            .order_by_asc(entity::Column::Name)
            .limit(20)
            .all(db)
            .await?;
        Ok(rows.into_iter().map(|school| SchoolHit { id: school.id, name: school.name, city: school.city }).collect())
    }

    /// The school a sign-up names: an existing one of the person's country, or a new one registered now. A new
    /// school starts unconfirmed, out of search and figures, until the support organisation validates its first
    /// teacher (in an eTwinning Plus country, the PSA, which registers schools): anyone can type a name at sign-up.
    pub async fn resolve_for_sign_up(
        db: &impl ConnectionTrait,
        country: &countries::Model,
        form: &SignUpForm,
    ) -> Result<i32, AppError> {
        if !form.school_id.trim().is_empty() {
            let id: i32 = form.school_id.trim().parse().map_err(|_| AppError::invalid("school_id", Problem::ChooseSchoolAgain))?;
            let school = entity::Entity::find_by_id(id)
                .one(db)
                .await?
                .filter(|school| school.country_code == country.code)
                .ok_or_else(|| AppError::invalid("school_id", Problem::SchoolInOtherCountry))?;
            return Ok(school.id);
        }
        if form.new_school_name.trim().is_empty() {
            return Err(AppError::invalid("school", Problem::SchoolMissing));
        }
        let name = rules::short_text("new_school_name", &form.new_school_name, 200, true)?;
        let city = rules::short_text("new_school_city", &form.new_school_city, 100, true)?;
        let kind = SchoolKind::parse(form.new_school_kind.trim())
            .ok_or_else(|| AppError::invalid("new_school_kind", Problem::ChooseSchoolKind))?;
        // The same school registered twice (e.g. by colleagues) is one school.
        let existing = entity::Entity::find()
            .filter(entity::Column::CountryCode.eq(&country.code))
            .filter(entity::Column::NameKey.eq(key(&name)))
            .filter(entity::Column::CityKey.eq(key(&city)))
            .one(db)
            .await?;
        if let Some(school) = existing {
            return Ok(school.id);
        }
        let school = entity::ActiveModel {
            name_key: Set(key(&name)),
            city_key: Set(key(&city)),
            name: Set(name),
            country_code: Set(country.code.clone()),
            city: Set(city),
            kind: Set(kind.as_str().to_owned()),
            confirmed: Set(false),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(school.id)
    }

    /// The form of a name that finding and de-duplicating compare: lower case, single spaces.
    /// The last year of the school's eTwinning School label, if the label is valid in `year`.
    pub fn label_valid_until(school: &entity::Model, year: i32) -> Option<i32> {
        match (school.label_from, school.label_until) {
            (Some(from), Some(until)) if (from..=until).contains(&year) => Some(until),
            _ => None,
        }
    }

    pub fn key(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    }

    pub async fn confirm(db: &impl ConnectionTrait, school_id: i32) -> Result<(), AppError> {
        entity::ActiveModel { id: Set(school_id), confirmed: Set(true), ..Default::default() }.update(db).await?;
        Ok(())
    }

    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "schools")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub name: String,
            pub country_code: String,
            pub city: String,
            pub kind: String,
            /// False while a school registered in an eTwinning Plus country waits for its PSA.
            pub confirmed: bool,
            pub created_at: DateTimeUtc,
            pub name_key: String,
            pub city_key: String,
            /// The years its eTwinning School label is valid, renewals joined (written only by
            /// `quality_labels::school::ssr` when the label is awarded; read through `label_valid_until`).
            pub label_from: Option<i32>,
            pub label_until: Option<i32>,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
