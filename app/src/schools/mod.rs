//! Schools: every teacher belongs to one. (Search and registration at sign-up come with accounts.)
use serde::{Deserialize, Serialize};

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
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
