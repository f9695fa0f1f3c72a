//! Server side of certificates: issuing one (with a fresh verification code), checking a code, and the PDF.
use super::{Certificate, CertificateKind};
use crate::{
    access::Viewer,
    accounts::ssr::entity as accounts,
    error::AppError,
    i18n::{Locale, td_string},
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "certificates")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code: String,
        pub kind: String,
        pub account_id: i32,
        pub project_id: Option<i32>,
        pub year: i32,
        pub holder_name: String,
        pub project_title: String,
        pub country_code: Option<String>,
        pub issued_at: DateTimeUtc,
        pub detail: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Letters and digits nobody confuses when reading a code off paper (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new verification code: 12 characters from the alphabet above in groups of four (about 59 bits, from the
/// operating system's random source), e.g. `K7QM-3XHD-P2WA`.
pub fn fresh_code() -> String {
    use password_hash::rand_core::{OsRng, RngCore};
    let mut code = String::with_capacity(14);
    for index in 0..12 {
        if index > 0 && index % 4 == 0 {
            code.push('-');
        }
        code.push(CODE_ALPHABET[(OsRng.next_u32() as usize) % CODE_ALPHABET.len()] as char);
    }
    code
}

/// A code as someone may type it (lower case, spaces) in the form it is stored; `None` for anything that cannot
/// be a code, which is then simply not found.
pub fn normalise_code(raw: &str) -> Option<String> {
    let letters: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if letters.len() != 12 || !letters.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("{}-{}-{}", &letters[0..4], &letters[4..8], &letters[8..12]))
}

/// Issues a certificate to `holder` (inside the caller's transaction) and returns its code. What it says (the
/// holder's name, the project's title) is copied, so that it reads tomorrow as it read the day it was issued.
pub async fn issue(
    db: &impl ConnectionTrait,
    kind: CertificateKind,
    holder: &accounts::Model,
    project: Option<(i32, &str)>,
    year: i32,
    country_code: Option<&str>,
) -> Result<String, AppError> {
    issue_as(db, kind, holder.id, &holder.display_name, project, year, country_code, "").await
}

/// `issue`, for a certificate whose named holder is not the account that downloads it (a school, through the
/// teacher who applied), or that says more (a prize's category, as `detail`).
#[allow(clippy::too_many_arguments)]
pub async fn issue_as(
    db: &impl ConnectionTrait,
    kind: CertificateKind,
    account: i32,
    holder_name: &str,
    project: Option<(i32, &str)>,
    year: i32,
    country_code: Option<&str>,
    detail: &str,
) -> Result<String, AppError> {
    let code = fresh_code();
    entity::ActiveModel {
        code: Set(code.clone()),
        kind: Set(kind.as_str().to_owned()),
        account_id: Set(account),
        project_id: Set(project.map(|(id, _)| id)),
        year: Set(year),
        holder_name: Set(holder_name.to_owned()),
        project_title: Set(project.map(|(_, title)| title.to_owned()).unwrap_or_default()),
        country_code: Set(country_code.map(str::to_owned)),
        issued_at: Set(chrono::Utc::now()),
        detail: Set(detail.to_owned()),
    }
    .insert(db)
    .await?;
    Ok(code)
}

/// How many Quality Labels (national and European) each of these teachers holds, for their cards.
pub async fn labels_held(db: &impl ConnectionTrait, accounts: &[i32]) -> Result<std::collections::HashMap<i32, u32>, AppError> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    if accounts.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i32, i64)> = entity::Entity::find()
        .select_only()
        .column(entity::Column::AccountId)
        .column_as(entity::Column::Code.count(), "held")
        .filter(entity::Column::AccountId.is_in(accounts.to_vec()))
        .filter(entity::Column::Kind.is_in([CertificateKind::NationalQualityLabel.as_str(), CertificateKind::EuropeanQualityLabel.as_str()]))
        .group_by(entity::Column::AccountId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(account, held)| (account, held as u32)).collect())
}

/// Every certificate a person holds, newest first: their profile shows them.
pub async fn held_by(db: &impl ConnectionTrait, account: i32) -> Result<Vec<Certificate>, AppError> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(entity::Entity::find()
        .filter(entity::Column::AccountId.eq(account))
        .order_by_desc(entity::Column::Year)
        .order_by_desc(entity::Column::IssuedAt)
        .all(db)
        .await?
        .into_iter()
        .filter_map(to_certificate)
        .collect())
}

fn to_certificate(row: entity::Model) -> Option<Certificate> {
    Some(Certificate {
        kind: CertificateKind::parse(&row.kind)?,
        code: row.code,
        holder_name: row.holder_name,
        project_id: row.project_id,
        project_title: row.project_title,
        year: row.year,
        country_code: row.country_code,
        issued_at: row.issued_at,
        detail: row.detail,
    })
}

/// The certificate with this code, for anyone who has the code.
pub async fn verify(db: &impl ConnectionTrait, code: &str) -> Result<Certificate, AppError> {
    let code = normalise_code(code).ok_or(AppError::NotFound)?;
    let row = entity::Entity::find_by_id(code).one(db).await?.ok_or(AppError::NotFound)?;
    to_certificate(row).ok_or(AppError::NotFound)
}

/// The PDF of a certificate, for its holder only, in the holder's language (the one their mail is written in).
pub async fn pdf(db: &impl ConnectionTrait, viewer: &Viewer, code: &str, public_url: &str) -> Result<Vec<u8>, AppError> {
    let code = normalise_code(code).ok_or(AppError::NotFound)?;
    let row = entity::Entity::find_by_id(code).one(db).await?.ok_or(AppError::NotFound)?;
    if row.account_id != viewer.id {
        return Err(AppError::NotFound);
    }
    let holder = accounts::Entity::find_by_id(viewer.id).one(db).await?.ok_or(AppError::NotFound)?;
    let certificate = to_certificate(row).ok_or(AppError::NotFound)?;
    render(&certificate, holder.locale(), public_url).ok_or_else(|| {
        tracing::error!(code = %certificate.code, "the certificate's PDF could not be written");
        AppError::Internal
    })
}

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// One line of the certificate: its text, size, font and whether it is written right to left.
struct Line {
    text: String,
    size: f32,
    bold: bool,
    /// Text in the reader's language (Arabic is right to left); people's own text (names, titles) finds its
    /// direction from its letters.
    in_locale: bool,
}

/// How wide a line is at a size, shaped as krilla will draw it, so that it can be centred (and shrunk to fit).
fn width(font_data: &[u8], text: &str, size: f32) -> f32 {
    let Some(face) = rustybuzz::Face::from_slice(font_data, 0) else { return 0.0 };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 / face.units_per_em() as f32 * size
}

/// The certificate as an A4 landscape page: a frame, the label, who, for what, by whom, and how to check it.
pub fn render(certificate: &Certificate, locale: Locale, public_url: &str) -> Option<Vec<u8>> {
    use krilla::{
        Document,
        color::rgb,
        geom::{PathBuilder, Point, Rect},
        metadata::Metadata,
        num::NormalizedF32,
        page::PageSettings,
        paint::{Fill, Stroke},
        text::{Font, TextDirection},
    };
    let kind = super::kind_text(certificate, locale);
    let by = match &certificate.country_code {
        Some(code) => td_string!(locale, certificate_by_nso, country = crate::locale::country_name(locale, code)).to_string(),
        None => td_string!(locale, certificate_by_css).to_string(),
    };
    let verify_url = format!("{}/certificates/{}", public_url.trim_end_matches('/'), certificate.code);
    let small = |text: String| Line { text, size: 14.0, bold: false, in_locale: true };
    // What the certificate is for: a project (labels, prizes), the years a school label is valid, or a seminar.
    let (about, about_text) = match certificate.valid_years() {
        Some((from, until)) => (small(td_string!(locale, certificate_valid, from = from, until = until).to_string()), String::new()),
        None if certificate.kind == super::CertificateKind::SeminarAttendance => {
            (small(td_string!(locale, certificate_for_seminar).to_string()), certificate.detail.clone())
        }
        None if certificate.kind == super::CertificateKind::LearningEvent => (small(td_string!(locale, certificate_for_course).to_string()), certificate.detail.clone()),
        None => (small(td_string!(locale, certificate_for_project).to_string()), certificate.project_title.clone()),
    };
    let lines = [
        Line { text: td_string!(locale, platform_name).to_string(), size: 16.0, bold: true, in_locale: true },
        Line { text: td_string!(locale, certificate_title).to_string(), size: 34.0, bold: true, in_locale: true },
        Line { text: format!("{kind} {}", certificate.year), size: 24.0, bold: false, in_locale: true },
        small(td_string!(locale, certificate_awarded_to).to_string()),
        Line { text: certificate.holder_name.clone(), size: 26.0, bold: true, in_locale: false },
        about,
        Line { text: about_text, size: 20.0, bold: true, in_locale: false },
        small(by),
        Line { text: td_string!(locale, certificate_code_line, code = certificate.code.as_str()).to_string(), size: 12.0, bold: false, in_locale: true },
        Line { text: td_string!(locale, certificate_check_at).to_string(), size: 11.0, bold: false, in_locale: true },
        Line { text: verify_url, size: 11.0, bold: false, in_locale: false },
    ];
    let gaps = [0.0, 40.0, 40.0, 46.0, 34.0, 40.0, 30.0, 44.0, 52.0, 22.0, 16.0];

    let (page_width, page_height) = (842.0_f32, 595.0_f32);
    let regular = Font::new(REGULAR.to_vec().into(), 0)?;
    let bold = Font::new(BOLD.to_vec().into(), 0)?;
    let rtl = locale == Locale::ar;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} · {}", td_string!(locale, certificate_title), certificate.code))
            .language(leptos_i18n::Locale::as_str(locale).to_owned())
            .creator("OpenTwin".to_owned()),
    );
    {
        let mut page = document.start_page_with(PageSettings::from_wh(page_width, page_height)?);
        let mut surface = page.surface();
        // A double frame in the platform's blue.
        let blue = rgb::Color::new(30, 64, 175);
        for inset in [18.0_f32, 26.0] {
            let mut frame = PathBuilder::new();
            frame.push_rect(Rect::from_xywh(inset, inset, page_width - 2.0 * inset, page_height - 2.0 * inset)?);
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke { paint: blue.into(), width: if inset < 20.0 { 2.5 } else { 0.8 }, ..Default::default() }));
            surface.draw_path(&frame.finish()?);
        }
        surface.set_stroke(None);
        let mut y = 78.0;
        for (line, gap) in lines.iter().zip(gaps) {
            y += gap;
            let (font, data) = if line.bold { (bold.clone(), BOLD) } else { (regular.clone(), REGULAR) };
            // Long names and titles are made smaller until they fit between the frames.
            let room = page_width - 2.0 * 60.0;
            let measured = width(data, &line.text, line.size);
            let size = if measured > room { line.size * room / measured } else { line.size };
            let x = (page_width - width(data, &line.text, size)) / 2.0;
            let colour = if line.bold { rgb::Color::new(15, 23, 42) } else { rgb::Color::new(51, 65, 85) };
            surface.set_fill(Some(Fill { paint: colour.into(), opacity: NormalizedF32::ONE, rule: Default::default() }));
            let direction = if line.in_locale && rtl { TextDirection::RightToLeft } else { TextDirection::Auto };
            surface.draw_text(Point::from_xy(x, y), font, size, &line.text, false, direction);
        }
        surface.finish();
        page.finish();
    }
    document.finish().ok()
}
