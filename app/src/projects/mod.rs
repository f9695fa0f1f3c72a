//! Projects: founded by two teachers, approved by their support organisations, then worked on in a TwinSpace.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectStatus {
    /// Founded, waiting for the co-founder and the support organisations.
    Proposed,
    /// Approved: the TwinSpace is open.
    Open,
    /// Read-only.
    Archived,
    Closed,
    Rejected,
}

impl ProjectStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Proposed => "proposed",
            ProjectStatus::Open => "open",
            ProjectStatus::Archived => "archived",
            ProjectStatus::Closed => "closed",
            ProjectStatus::Rejected => "rejected",
        }
    }

    /// Statuses of projects that were approved and so count as the platform's projects.
    pub const APPROVED: [ProjectStatus; 3] = [ProjectStatus::Open, ProjectStatus::Archived, ProjectStatus::Closed];
}

#[cfg(feature = "ssr")]
pub mod ssr {
    pub mod entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "projects")]
        pub struct Model {
            #[sea_orm(primary_key)]
            pub id: i32,
            pub title: String,
            #[sea_orm(column_type = "Text")]
            pub summary: String,
            pub status: String,
            /// Both founders in one country: allowed, but not eligible for Quality Labels.
            pub national: bool,
            pub created_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    pub mod member_entity {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "project_members")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub project_id: i32,
            #[sea_orm(primary_key, auto_increment = false)]
            pub account_id: i32,
            pub role: String,
            pub joined_at: DateTimeUtc,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }
}
