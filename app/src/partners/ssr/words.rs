//! PostgreSQL: the match lists of the words most teachers have, kept in memory beside the copy of the index
//! (`counts`).
//!
//! Why: partner search's option counts need the list of teachers the words match, and for a common word
//! PostgreSQL reads every matching row to make it (≈ 400,000 for `project` at 1.2 million teachers: 350–700 ms,
//! mostly work per row, even with every page in its memory). The few words that match that many are kept here,
//! with the index's whole vocabulary, so that a prefix (`biodiv`) is spelled out as the words it begins. A search
//! whose words are all kept (for a prefix: every word it begins) is answered here; any other asks the database.
//! SQLite's full-text index answers these in milliseconds, so nothing is kept for it.
//!
//! Loaded with the copy and kept in step by the same change log (`index::refresh` records a teacher whose words
//! changed); a search answered here matches exactly what the database would (the tests compare both).
use crate::error::AppError;
use roaring::RoaringBitmap;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::{
    collections::{BTreeSet, HashMap, HashSet},
    ops::Bound,
    sync::{Arc, RwLock},
};

/// Words matching at least this many teachers are kept: below it, the database lists a word's matches in well under
/// a tenth of a second.
pub const KEPT_FROM: u64 = 10_000;
/// At most this many words are kept, the commonest first,
const MOST_WORDS: usize = 400;
/// and at most this many matches in all. Kept as compressed bitmaps (roaring): a common word is a dense set, an
/// eighth of a byte a teacher; at 1.2 million teachers the 240 words from 10,000 up hold 19.8 million matches.
const MOST_IDS: u64 = 40_000_000;
/// Changed teachers whose words are read per statement.
const CHUNK: usize = 5_000;

#[derive(Clone, Default)]
pub(super) struct KeptWords {
    /// Every word of the index, for the words a prefix begins. Words are added as teachers change, never taken out:
    /// a word no teacher has any more costs a little memory, while a missing one would make a prefix miss it. Shared
    /// by every copy of the copy, never copied (316,000 words at 1.2 million teachers): a word added for a newer copy
    /// only sends an older copy's prefix to the database, as a word not kept does.
    vocabulary: Arc<RwLock<BTreeSet<String>>>,
    /// The kept words' matches, by account id.
    lists: HashMap<String, Arc<RoaringBitmap>>,
}

impl KeptWords {
    /// The words matching at least `from` teachers, with their matches, and the whole vocabulary (PostgreSQL; nothing
    /// on SQLite, or when no word is that common).
    pub(super) async fn load(db: &impl ConnectionTrait, from: u64) -> Result<KeptWords, AppError> {
        let backend = db.get_database_backend();
        if backend != DbBackend::Postgres {
            return Ok(KeptWords::default());
        }
        // One pass over the narrow copy of the words (migration m0028): each word and how many teachers have it.
        let rows = db.query_all_raw(Statement::from_string(backend, "SELECT word, ndoc FROM ts_stat('SELECT search FROM partner_words')")).await?;
        let mut vocabulary = BTreeSet::new();
        let mut common = Vec::new();
        for row in rows {
            let word: String = row.try_get("", "word")?;
            let teachers: i32 = row.try_get("", "ndoc")?;
            if teachers as u64 >= from {
                common.push((teachers as u64, word.clone()));
            }
            vocabulary.insert(word);
        }
        common.sort_unstable_by(|a, b| b.cmp(a));
        let mut ids = 0;
        let mut kept = Vec::new();
        for (teachers, word) in common.into_iter().take(MOST_WORDS) {
            if ids + teachers > MOST_IDS {
                break;
            }
            ids += teachers;
            kept.push(word);
        }
        if kept.is_empty() {
            return Ok(KeptWords::default());
        }
        // A second pass for the kept words' matches, each as one text of ids (a row per match would cost more).
        let sql = "SELECT k.word, string_agg(p.account_id::text, ',') AS ids FROM partner_words p \
                   CROSS JOIN LATERAL unnest(p.search) AS w \
                   JOIN unnest(string_to_array($1, E'\\n')) AS k(word) ON k.word = w.lexeme GROUP BY k.word";
        let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, [kept.join("\n").into()])).await?;
        let mut lists = HashMap::new();
        for row in rows {
            let word: String = row.try_get("", "word")?;
            let ids = ids_in_order(row.try_get("", "ids")?)?;
            let ids = ids.into_iter().map(|id| u32::try_from(id).map_err(|_| AppError::Internal)).collect::<Result<RoaringBitmap, _>>()?;
            lists.insert(word, Arc::new(ids));
        }
        let bytes: u64 = lists.values().map(|list: &Arc<RoaringBitmap>| list.serialized_size() as u64).sum();
        tracing::info!(words = vocabulary.len(), kept = lists.len(), bytes, "partner search: the commonest words' matches kept in memory");
        Ok(KeptWords { vocabulary: Arc::new(RwLock::new(vocabulary)), lists })
    }

    /// How many words' matches are kept.
    pub(super) fn kept(&self) -> usize {
        self.lists.len()
    }

    /// Brings the lists in line with the words `accounts` (in order) have now (none: gone from the index).
    pub(super) async fn apply(&mut self, db: &impl ConnectionTrait, accounts: &[i32]) -> Result<(), AppError> {
        if self.lists.is_empty() || accounts.is_empty() {
            return Ok(());
        }
        let backend = db.get_database_backend();
        let mut words: HashMap<i32, HashSet<String>> = HashMap::new();
        for chunk in accounts.chunks(CHUNK) {
            let ids = chunk.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
            let sql = "SELECT account_id, coalesce(array_to_string(tsvector_to_array(search), E'\\n'), '') AS words FROM partner_words \
                       WHERE account_id = ANY(string_to_array($1, ',')::integer[])";
            for row in db.query_all_raw(Statement::from_sql_and_values(backend, sql, [ids.into()])).await? {
                let account: i32 = row.try_get("", "account_id")?;
                let text: String = row.try_get("", "words")?;
                words.insert(account, text.split('\n').filter(|word| !word.is_empty()).map(str::to_owned).collect());
            }
        }
        {
            let mut vocabulary = self.vocabulary.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            for word in words.values().flatten() {
                if !vocabulary.contains(word) {
                    vocabulary.insert(word.clone());
                }
            }
        }
        for (word, list) in self.lists.iter_mut() {
            let has = |account: &i32| words.get(account).is_some_and(|words| words.contains(word));
            let changed: Vec<(u32, bool)> = accounts
                .iter()
                .map(|account| Ok((u32::try_from(*account).map_err(|_| AppError::Internal)?, has(account))))
                .filter(|found| found.as_ref().map_or(true, |(id, has)| list.contains(*id) != *has))
                .collect::<Result<_, AppError>>()?;
            if !changed.is_empty() {
                // Copied only if a count is still reading this list.
                let list = Arc::make_mut(list);
                for (id, has) in changed {
                    if has {
                        list.insert(id);
                    } else {
                        list.remove(id);
                    }
                }
            }
        }
        Ok(())
    }

    /// The teachers all of `words` match, in order of account, if every word is kept (the last one, a prefix from
    /// two letters as in `super::text_query`: every word of the vocabulary it begins); `None`: ask the database.
    pub(super) fn hits(&self, words: &[String]) -> Option<Vec<i32>> {
        if self.lists.is_empty() || words.is_empty() {
            return None;
        }
        let last = words.len() - 1;
        // First which kept lists the words need, all of them or none; only then the sets are combined.
        let mut needed: Vec<Vec<&Arc<RoaringBitmap>>> = Vec::with_capacity(words.len());
        for (index, word) in words.iter().enumerate() {
            // Only what PostgreSQL's parser surely takes as one word, lower-cased as here; the rest asks it.
            if word.is_empty() || !word.chars().all(|c| c.is_ascii_lowercase()) {
                return None;
            }
            if index == last && super::is_prefix(word) {
                let vocabulary = self.vocabulary.read().unwrap_or_else(|poisoned| poisoned.into_inner());
                let lists = vocabulary
                    .range::<str, _>((Bound::Included(word.as_str()), Bound::Unbounded))
                    .take_while(|known| known.starts_with(word.as_str()))
                    .map(|known| self.lists.get(known))
                    .collect::<Option<Vec<_>>>()?;
                if lists.is_empty() {
                    return None;
                }
                needed.push(lists);
            } else {
                needed.push(vec![self.lists.get(word)?]);
            }
        }
        let mut found: Option<RoaringBitmap> = None;
        for lists in needed {
            let mut matches = RoaringBitmap::new();
            for list in lists {
                matches |= list.as_ref();
            }
            found = Some(match found {
                None => matches,
                Some(before) => before & matches,
            });
        }
        // Account ids are positive, so each fits; in order, as the tally walks them.
        found.map(|ids| ids.iter().filter_map(|id| i32::try_from(id).ok()).collect())
    }
}

/// The ids of a comma-separated text (`string_agg`, `group_concat`), in order.
pub(super) fn ids_in_order(text: Option<String>) -> Result<Vec<i32>, AppError> {
    let mut ids = text
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|id| !id.is_empty())
        .map(|id| id.parse::<i32>().map_err(|_| AppError::Internal))
        .collect::<Result<Vec<_>, _>>()?;
    ids.sort_unstable();
    Ok(ids)
}
