//! Countries: reference data, the support organisation of each, and the public countries index.
mod reference;
mod views;

pub use reference::COUNTRIES;
pub use views::CountriesPage;

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub programme: Programme,
    pub support_organisation: String,
}

#[server(prefix = "/api")]
pub async fn list_countries() -> Result<Vec<Country>, AppError> {
    let db = crate::db::conn()?;
    ssr::list(&db).await.map_err(crate::error::respond_with)
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::{COUNTRIES, Country, Programme};
    use crate::error::AppError;
    use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, sea_query::OnConflict};

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
        Ok(())
    }

    pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<Country>, AppError> {
        let rows = entity::Entity::find().order_by_asc(entity::Column::Name).all(db).await?;
        Ok(rows
            .into_iter()
            .map(|row| Country {
                programme: Programme::parse(&row.programme).unwrap_or(Programme::Etwinning),
                code: row.code,
                name: row.name,
                support_organisation: row.support_organisation,
            })
            .collect())
    }
}
