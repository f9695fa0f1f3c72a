//! The groups' pages: the directory (filters by subject, language and country; the reader's groups, invitations
//! and the proposals they decide), a group (join, its forum, pinned resources and members; its moderators'
//! tools), a thread, and the form that creates or proposes one. Rendered on the server; every action is a plain
//! form and every filter a plain GET form.
use super::{
    AnswerGroupRequest, CreateGroup, DeleteGroupPost, EditGroupPost, GroupAccess, GroupCard, GroupFilter, GroupStatus, GroupView, InviteToGroup, JoinGroup, LeaveGroup, MakeGroupModerator,
    Membership, PinGroupResource, ReplyInGroup, ReviewGroup, StartGroupThread, ThreadView, UnpinGroupResource, load_group, load_group_thread, load_groups, may_create_group,
};
use crate::{
    annual_theme::{TAKE_UP_FIELD, TakeUpTheme, ThemeTag},
    error::AppError,
    forms::{ErrorBanner, TextField, any_error, field_error, form_error, outcome},
    i18n::*,
    locale::{country_name, date_time, language_name},
    moderation::{ReportKind, views::{MarkNote, ReportButton}},
    teachers::{interests::SUBJECTS, labels::subject_label},
    ui::{ChoiceSelect, PageTitle, Permitted, language_choices, RequestKey, TextArea, empty, failed, failed_page, loading, loading_page, route_id, page_param, pager},
};
use leptos::{form::ActionForm, prelude::*};
use leptos_i18n::I18nContext;
use leptos_router::hooks::use_query_map;

type I18n = I18nContext<Locale>;

fn access_label(i18n: I18n, access: GroupAccess) -> String {
    match access {
        GroupAccess::Open => t_string!(i18n, group_access_open),
        GroupAccess::Request => t_string!(i18n, group_access_request),
        GroupAccess::Invitation => t_string!(i18n, group_access_invitation),
    }
    .to_owned()
}

fn membership_label(i18n: I18n, membership: Membership) -> String {
    match membership {
        Membership::Moderator => t_string!(i18n, group_you_moderate),
        Membership::Member => t_string!(i18n, group_you_belong),
        Membership::Requested => t_string!(i18n, group_you_asked),
        Membership::Invited => t_string!(i18n, group_you_are_invited),
    }
    .to_owned()
}

/// Subject, language, country and members, in one line.
fn facts(i18n: I18n, card: &GroupCard) -> String {
    let locale = i18n.get_locale();
    let country = match &card.country_code {
        Some(code) => country_name(locale, code),
        None => t_string!(i18n, group_all_countries).to_owned(),
    };
    let members = t_string!(i18n, group_members_count, number = card.members).to_string();
    format!("{} · {} · {} · {}", subject_label(i18n, &card.subject), language_name(locale, &card.language), country, members)
}

fn card_item(i18n: I18n, card: GroupCard, actions: impl IntoView) -> impl IntoView {
    let href = format!("/groups/{}", card.id);
    view! {
        <li class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="group">
            <div class="flex flex-wrap items-center gap-2">
                <a href=href class="text-lg font-semibold text-brand-800 underline-offset-2 hover:underline">{card.name.clone()}</a>
                <span class="badge">{access_label(i18n, card.access)}</span>
                {card.membership.map(|m| view! { <span class="badge">{membership_label(i18n, m)}</span> })}
                {(card.status == GroupStatus::Proposed).then(|| view! { <span class="badge">{t!(i18n, group_status_proposed)}</span> })}
                {(card.status == GroupStatus::Refused).then(|| view! { <span class="badge">{t!(i18n, group_status_refused)}</span> })}
                {card.theme_year.map(|year| view! { <ThemeTag year/> })}
            </div>
            <p class="mt-1 text-sm text-slate-700">{facts(i18n, &card)}</p>
            {actions}
        </li>
    }
}

fn subject_choices(i18n: I18n) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = SUBJECTS.iter().map(|k| ((*k).to_owned(), subject_label(i18n, k))).collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list
}

fn access_choices(i18n: I18n) -> Vec<(String, String)> {
    GroupAccess::ALL.iter().map(|a| (a.as_str().to_owned(), access_label(i18n, *a))).collect()
}

fn country_choices(i18n: I18n) -> Vec<(String, String)> {
    crate::locale::country_names(i18n.get_locale(), crate::countries::COUNTRIES.iter().map(|(code, ..)| (*code).to_owned()))
}

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        let get = |name: &str| q.get(name).unwrap_or_default();
        GroupFilter { subject: get("subject"), language: get("language"), country: get("country") }
    };
    let join = ServerAction::<JoinGroup>::new();
    let leave = ServerAction::<LeaveGroup>::new();
    let review = ServerAction::<ReviewGroup>::new();
    let error = any_error(vec![outcome(join), outcome(leave), outcome(review)]);
    let directory = Resource::new(move || (filter(), join.version().get(), leave.version().get(), review.version().get()), |(filter, ..)| load_groups(filter));
    let label = move |text: fn(I18n) -> &'static str| Signal::derive(move || text(i18n).to_owned());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, nav_groups), t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, nav_groups)}</h1>
            <p class="mt-2 text-slate-700">{t!(i18n, groups_intro)}</p>
            <div class="mt-4"><ErrorBanner message=error/></div>
            <Suspense fallback=move || loading(i18n)>
                {move || directory.get().map(|d| match d {
                    Err(err) => failed(i18n, err),
                    Ok(d) => {
                        let chosen = filter();
                        view! {
                            {d.may_create.then(|| view! { <a href="/groups/new" class="btn-primary mt-6 inline-block">{t!(i18n, group_new)}</a> })}
                            {(!d.invitations.is_empty()).then(|| view! {
                                <section class="mt-8" aria-labelledby="groups-invitations">
                                    <h2 id="groups-invitations" class="text-xl font-semibold text-slate-900">{t!(i18n, groups_invitations)}</h2>
                                    <ul class="mt-4 flex flex-col gap-3">
                                        {d.invitations.into_iter().map(|card| {
                                            let id = card.id;
                                            card_item(i18n, card, view! {
                                                <div class="mt-3 flex gap-2">
                                                    <ActionForm action=join><input type="hidden" name="group" value=id/>
                                                        <button type="submit" class="btn-primary">{t!(i18n, group_accept_invitation)}</button></ActionForm>
                                                    <ActionForm action=leave><input type="hidden" name="group" value=id/>
                                                        <button type="submit" class="btn-secondary">{t!(i18n, group_decline_invitation)}</button></ActionForm>
                                                </div>
                                            })
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(!d.proposals.is_empty()).then(|| view! {
                                <section class="mt-8" aria-labelledby="groups-proposals">
                                    <h2 id="groups-proposals" class="text-xl font-semibold text-slate-900">{t!(i18n, groups_proposals)}</h2>
                                    <ul class="mt-4 flex flex-col gap-3" data-testid="group-proposals">
                                        {d.proposals.into_iter().map(|card| {
                                            let id = card.id;
                                            card_item(i18n, card, view! {
                                                <div class="mt-3 flex gap-2">
                                                    <ActionForm action=review><input type="hidden" name="group" value=id/><input type="hidden" name="approve" value="true"/>
                                                        <button type="submit" class="btn-primary">{t!(i18n, group_approve)}</button></ActionForm>
                                                    <ActionForm action=review><input type="hidden" name="group" value=id/><input type="hidden" name="approve" value="false"/>
                                                        <button type="submit" class="btn-secondary">{t!(i18n, group_refuse)}</button></ActionForm>
                                                </div>
                                            })
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {(!d.mine.is_empty()).then(|| view! {
                                <section class="mt-8" aria-labelledby="groups-mine">
                                    <h2 id="groups-mine" class="text-xl font-semibold text-slate-900">{t!(i18n, groups_mine)}</h2>
                                    <ul class="mt-4 flex flex-col gap-3" data-testid="groups-mine">
                                        {d.mine.into_iter().map(|card| card_item(i18n, card, ())).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section class="mt-10" aria-labelledby="groups-find">
                                <h2 id="groups-find" class="text-xl font-semibold text-slate-900">{t!(i18n, groups_find)}</h2>
                                <form method="get" action="/groups" class="mt-4 grid gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-4" role="search">
                                    <ChoiceSelect id="groups-subject" name="subject" label=label(|i| t_string!(i, group_subject_field)) choices=subject_choices(i18n)
                                        selected=chosen.subject.clone() empty=t_string!(i18n, any).to_owned()/>
                                    <ChoiceSelect id="groups-language" name="language" label=label(|i| t_string!(i, group_language_field)) choices=language_choices()
                                        selected=chosen.language.clone() empty=t_string!(i18n, any).to_owned()/>
                                    <ChoiceSelect id="groups-country" name="country" label=label(|i| t_string!(i, group_country_field)) choices=country_choices(i18n)
                                        selected=chosen.country.clone() empty=t_string!(i18n, any).to_owned()/>
                                    <div class="flex items-end"><button type="submit" class="btn-secondary w-full">{t!(i18n, groups_filter)}</button></div>
                                </form>
                                {if d.groups.is_empty() {
                                    empty(t!(i18n, groups_none)).into_any()
                                } else {
                                    view! { <ul class="mt-4 flex flex-col gap-3" data-testid="groups-found">{d.groups.into_iter().map(|c| card_item(i18n, c, ())).collect_view()}</ul> }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The page's actions, whose answers reload it.
#[derive(Clone, Copy)]
struct Actions {
    join: ServerAction<JoinGroup>,
    leave: ServerAction<LeaveGroup>,
    review: ServerAction<ReviewGroup>,
    answer: ServerAction<AnswerGroupRequest>,
    invite: ServerAction<InviteToGroup>,
    promote: ServerAction<MakeGroupModerator>,
    start: ServerAction<StartGroupThread>,
    pin: ServerAction<PinGroupResource>,
    unpin: ServerAction<UnpinGroupResource>,
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id("id");
    let actions = Actions {
        join: ServerAction::new(),
        leave: ServerAction::new(),
        review: ServerAction::new(),
        answer: ServerAction::new(),
        invite: ServerAction::new(),
        promote: ServerAction::new(),
        start: ServerAction::new(),
        pin: ServerAction::new(),
        unpin: ServerAction::new(),
    };
    let a = actions;
    // `?page=2` and on: older threads of its forum, through plain links.
    let page = page_param();
    let loaded = Resource::new(
        move || {
            (
                id(),
                page(),
                a.join.version().get() + a.leave.version().get() + a.review.version().get() + a.answer.version().get(),
                a.invite.version().get() + a.promote.version().get() + a.pin.version().get() + a.unpin.version().get(),
            )
        },
        |(id, page, ..)| async move {
            match id {
                Some(id) => load_group(id, page).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=loading_page>
            {move || loaded.get().map(|loaded| match loaded {
                Err(err) => failed_page(i18n, err),
                Ok(view) => group_page(i18n, view, actions).into_any(),
            })}
        </Suspense>
    }
}

fn group_page(i18n: I18n, view: GroupView, a: Actions) -> impl IntoView {
    let id = view.card.id;
    let name = view.card.name.clone();
    let page_title = name.clone();
    let locale = i18n.get_locale();
    let error = any_error(vec![outcome(a.join), outcome(a.leave), outcome(a.review), outcome(a.answer), outcome(a.invite), outcome(a.promote), outcome(a.unpin)]);
    let hidden = move || view! { <input type="hidden" name="group" value=id/> };
    let membership = view.card.membership;
    let join_text = match (membership, view.card.access) {
        (Some(Membership::Invited), _) => t_string!(i18n, group_accept_invitation),
        (_, GroupAccess::Request) => t_string!(i18n, group_ask_to_join),
        _ => t_string!(i18n, group_join),
    };
    let standing = match membership {
        Some(Membership::Requested) => Some((t_string!(i18n, group_request_waits), t_string!(i18n, group_withdraw_request))),
        Some(Membership::Invited) => Some((t_string!(i18n, group_you_are_invited), t_string!(i18n, group_decline_invitation))),
        Some(Membership::Member | Membership::Moderator) => Some(("", t_string!(i18n, group_leave))),
        None => None,
    };
    let status_note = match view.card.status {
        GroupStatus::Proposed => Some(t_string!(i18n, group_waits_for_approval)),
        GroupStatus::Refused => Some(t_string!(i18n, group_was_refused)),
        GroupStatus::Approved => None,
    };
    let manages = view.manages;
    view! {
        <PageTitle text=move || format!("{} · {}", page_title, t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-4xl px-4 py-10">
            <a href="/groups" class="text-sm text-brand-800 underline">{t!(i18n, nav_groups)}</a>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{name}</h1>
            <div class="mt-2 flex flex-wrap items-center gap-2">
                <span class="badge">{access_label(i18n, view.card.access)}</span>
                {membership.map(|m| view! { <span class="badge" data-testid="group-membership">{membership_label(i18n, m)}</span> })}
                {view.card.theme_year.map(|year| view! { <ThemeTag year/> })}
            </div>
            <p class="mt-2 text-sm text-slate-700">{facts(i18n, &view.card)}</p>
            {(!view.proposed_by.is_empty()).then(|| view! { <p class="text-sm text-slate-600">{t_string!(i18n, group_started_by, name = view.proposed_by.as_str()).to_string()}</p> })}
            {status_note.map(|note| view! { <p class="mt-4 rounded-md bg-amber-50 p-3 text-amber-900" role="status">{note}</p> })}
            <p class="mt-6 whitespace-pre-line text-slate-900">{view.description.clone()}</p>
            <div class="mt-4"><ErrorBanner message=error/></div>
            {view.may_review.then(|| view! {
                <div class="mt-4 flex gap-2">
                    <ActionForm action=a.review>{hidden()}<input type="hidden" name="approve" value="true"/>
                        <button type="submit" class="btn-primary" data-testid="group-approve">{t!(i18n, group_approve)}</button></ActionForm>
                    <ActionForm action=a.review>{hidden()}<input type="hidden" name="approve" value="false"/>
                        <button type="submit" class="btn-secondary">{t!(i18n, group_refuse)}</button></ActionForm>
                </div>
            })}
            <div class="mt-4 flex flex-wrap items-center gap-3">
                {view.may_join.then(|| view! {
                    <ActionForm action=a.join>{hidden()}<button type="submit" class="btn-primary" data-testid="group-join">{join_text}</button></ActionForm>
                })}
                {standing.map(|(note, button)| view! {
                    {(!note.is_empty()).then(|| view! { <p class="font-medium text-slate-800" role="status">{note}</p> })}
                    <ActionForm action=a.leave>{hidden()}<button type="submit" class="btn-secondary" data-testid="group-leave">{button}</button></ActionForm>
                })}
            </div>
            {if view.may_read {
                view! {
                    <Resources i18n id manages resources=view.resources.clone() a/>
                    <Forum i18n id may_post=view.may_post threads=view.threads.clone() page=view.threads_page more=view.more_threads start=a.start/>
                    <section class="mt-10" aria-labelledby="group-members">
                        <h2 id="group-members" class="text-xl font-semibold text-slate-900">{t_string!(i18n, group_members_count, number = view.members.len()).to_string()}</h2>
                        <ul class="mt-3 flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="group-members">
                            {view.members.iter().cloned().map(|person| {
                                let country = person.country_code.as_deref().map(|c| country_name(locale, c)).unwrap_or_default();
                                view! {
                                    <li class="flex flex-wrap items-center justify-between gap-2 p-3">
                                        <span>{person.name.clone()}" · "{country}</span>
                                        {if person.moderator {
                                            view! { <span class="badge">{t!(i18n, group_moderator)}</span> }.into_any()
                                        } else if manages {
                                            view! {
                                                <ActionForm action=a.promote>{hidden()}<input type="hidden" name="account" value=person.account_id/>
                                                    <button type="submit" class="btn-secondary py-1 text-sm">{t!(i18n, group_make_moderator)}<span class="sr-only">{format!(" · {}", person.name)}</span></button></ActionForm>
                                            }.into_any()
                                        } else {
                                            ().into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    {(manages && !view.requests.is_empty()).then(|| view! {
                        <section class="mt-10" aria-labelledby="group-requests">
                            <h2 id="group-requests" class="text-xl font-semibold text-slate-900">{t!(i18n, group_requests)}</h2>
                            <ul class="mt-3 flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="group-requests">
                                {view.requests.iter().cloned().map(|person| { let accept_who = format!(" · {}", person.name); let decline_who = accept_who.clone(); view! {
                                    <li class="flex flex-wrap items-center justify-between gap-2 p-3">
                                        <span>{person.name.clone()}</span>
                                        <span class="flex gap-2">
                                            <ActionForm action=a.answer>{hidden()}<input type="hidden" name="account" value=person.account_id/><input type="hidden" name="accept" value="true"/>
                                                <button type="submit" class="btn-primary py-1 text-sm">{t!(i18n, group_accept_request)}<span class="sr-only">{accept_who.clone()}</span></button></ActionForm>
                                            <ActionForm action=a.answer>{hidden()}<input type="hidden" name="account" value=person.account_id/><input type="hidden" name="accept" value="false"/>
                                                <button type="submit" class="btn-secondary py-1 text-sm">{t!(i18n, group_decline_request)}<span class="sr-only">{decline_who.clone()}</span></button></ActionForm>
                                        </span>
                                    </li>
                                }}).collect_view()}
                            </ul>
                        </section>
                    })}
                    {(manages && !view.invitable.is_empty()).then(|| {
                        let choices = view.invitable.iter().map(|p| (p.account_id.to_string(), p.name.clone())).collect::<Vec<_>>();
                        view! {
                            <section class="mt-10" aria-labelledby="group-invite">
                                <h2 id="group-invite" class="text-xl font-semibold text-slate-900">{t!(i18n, group_invite)}</h2>
                                <ActionForm action=a.invite attr:class="mt-3 flex flex-wrap items-end gap-3">
                                    {hidden()}
                                    <ChoiceSelect id="group-invitee" name="account" label=Signal::derive(move || t_string!(i18n, group_invite_contact).to_owned()) choices selected=String::new() required=true/>
                                    <button type="submit" class="btn-secondary">{t!(i18n, group_invite_button)}</button>
                                </ActionForm>
                            </section>
                        }
                    })}
                    {view.invites_by_address.then(|| {
                        let invited = outcome(a.invite);
                        view! {
                            <section class="mt-10" aria-labelledby="group-invite-address">
                                <h2 id="group-invite-address" class="text-xl font-semibold text-slate-900">{t!(i18n, group_invite_button)}</h2>
                                <ActionForm action=a.invite attr:class="mt-3 flex flex-wrap items-end gap-3" attr:data-testid="group-invite-address">
                                    {hidden()}
                                    <TextField name="email" field="invite_email" kind="email" label=Signal::derive(move || t_string!(i18n, group_invite_email).to_owned())
                                        required=true error=field_error(invited, "email")/>
                                    <button type="submit" class="btn-secondary">{t!(i18n, group_invite_button)}</button>
                                </ActionForm>
                            </section>
                        }
                    })}
                }.into_any()
            } else if view.card.status == GroupStatus::Approved {
                view! { <p class="mt-8 rounded-md bg-slate-100 p-4 text-slate-800">{t!(i18n, group_members_only)}</p> }.into_any()
            } else {
                ().into_any()
            }}
        </div>
    }
}

#[component]
fn Resources(i18n: I18n, id: i32, manages: bool, resources: Vec<super::PinnedResource>, a: Actions) -> impl IntoView {
    let pinned = outcome(a.pin);
    (manages || !resources.is_empty()).then(|| view! {
        <section class="mt-10" aria-labelledby="group-resources">
            <h2 id="group-resources" class="text-xl font-semibold text-slate-900">{t!(i18n, group_resources)}</h2>
            {if resources.is_empty() {
                empty(t!(i18n, group_no_resources)).into_any()
            } else {
                view! {
                    <ul class="mt-3 flex flex-col gap-2" data-testid="group-resources">
                        {resources.into_iter().map(|r| view! {
                            <li class="flex flex-wrap items-center gap-3">
                                <a href=r.url class="text-brand-800 underline" rel="noopener noreferrer nofollow">{r.title}</a>
                                {manages.then(|| view! {
                                    <ActionForm action=a.unpin>
                                        <input type="hidden" name="group" value=id/><input type="hidden" name="resource" value=r.id/>
                                        <button type="submit" class="text-sm text-slate-700 underline">{t!(i18n, group_unpin)}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {manages.then(|| view! {
                <ActionForm action=a.pin attr:class="mt-4 grid gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3">
                    <RequestKey/>
                    <input type="hidden" name="group" value=id/>
                    <ErrorBanner message=form_error(pinned)/>
                    <TextField name="title" field="resource_title" label=Signal::derive(move || t_string!(i18n, group_resource_title).to_owned()) required=true error=field_error(pinned, "title")/>
                    <TextField name="url" field="url" kind="url" label=Signal::derive(move || t_string!(i18n, group_resource_url).to_owned()) required=true error=field_error(pinned, "url")/>
                    <div class="flex items-end"><button type="submit" class="btn-secondary">{t!(i18n, group_pin)}</button></div>
                </ActionForm>
            })}
        </section>
    })
}

#[component]
fn Forum(i18n: I18n, id: i32, may_post: bool, threads: Vec<super::ThreadCard>, page: u64, more: bool, start: ServerAction<StartGroupThread>) -> impl IntoView {
    let locale = i18n.get_locale();
    let started = outcome(start);
    let body_error = field_error(started, "body");
    view! {
        <section class="mt-10" aria-labelledby="group-forum">
            <h2 id="group-forum" class="text-xl font-semibold text-slate-900">{t!(i18n, group_forum)}</h2>
            {if threads.is_empty() {
                empty(t!(i18n, group_no_threads)).into_any()
            } else {
                view! {
                    <ul class="mt-3 flex flex-col divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="group-threads">
                        {threads.into_iter().map(|t| {
                            let href = format!("/groups/{id}/threads/{}", t.id);
                            let date = date_time(locale, t.last_post_at);
                            let line = t_string!(i18n, group_thread_line, author = t.author.as_str(), replies = t.replies, date = date.as_str()).to_string();
                            view! {
                                <li class="p-3">
                                    <a href=href class="font-medium text-brand-800 underline-offset-2 hover:underline">{t.title}</a>
                                    <p class="text-sm text-slate-700">{line}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {pager(i18n, format!("/groups/{id}"), page, more, "group-thread-pages")}
            {may_post.then(|| view! {
                <ActionForm action=start attr:class="mt-4 flex flex-col gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" attr:data-testid="group-new-thread">
                    <h3 class="font-semibold text-slate-900">{t!(i18n, group_new_thread)}</h3>
                    <RequestKey/>
                    <input type="hidden" name="group" value=id/>
                    <ErrorBanner message=form_error(started)/>
                    <TextField name="title" field="thread_title" label=Signal::derive(move || t_string!(i18n, group_thread_title).to_owned()) required=true error=field_error(started, "title")/>
                    <TextArea name="body" field="body" label=Signal::derive(move || t_string!(i18n, group_post_body).to_owned()) max=super::BODY_MAX error=body_error/>
                    <div><button type="submit" class="btn-primary">{t!(i18n, group_start_thread)}</button></div>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
pub fn GroupThreadPage() -> impl IntoView {
    let i18n = use_i18n();
    let (group, thread) = (route_id("id"), route_id("thread"));
    let reply = ServerAction::<ReplyInGroup>::new();
    let delete = ServerAction::<DeleteGroupPost>::new();
    let edit = ServerAction::<EditGroupPost>::new();
    // `?page=2` and on: later posts, through plain links.
    let page = page_param();
    let loaded = Resource::new(
        move || (group(), thread(), page(), reply.version().get(), delete.version().get(), edit.version().get()),
        |(group, thread, page, ..)| async move {
            match (group, thread) {
                (Some(group), Some(thread)) => load_group_thread(group, thread, page).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=loading_page>
            {move || loaded.get().map(|loaded| match loaded {
                Err(err) => failed_page(i18n, err),
                Ok(view) => thread_page(i18n, view, reply, delete, edit).into_any(),
            })}
        </Suspense>
    }
}

fn thread_page(i18n: I18n, view: ThreadView, reply: ServerAction<ReplyInGroup>, delete: ServerAction<DeleteGroupPost>, edit: ServerAction<EditGroupPost>) -> impl IntoView {
    let locale = i18n.get_locale();
    let replied = outcome(reply);
    let deleted = outcome(delete);
    let edited = outcome(edit);
    let body_error = field_error(replied, "body");
    let page_title = view.title.clone();
    view! {
        <PageTitle text=move || format!("{} · {}", page_title, t_string!(i18n, platform_name))/>
        <div class="mx-auto max-w-3xl px-4 py-10">
            <a href=format!("/groups/{}", view.group_id) class="text-sm text-brand-800 underline">{view.group_name.clone()}</a>
            <h1 class="mt-2 text-3xl font-bold text-slate-900">{view.title.clone()}</h1>
            <ErrorBanner message=form_error(deleted)/>
            <ErrorBanner message=form_error(edited)/>
            <ol class="mt-6 flex flex-col gap-4" data-testid="group-posts">
                {view.posts.into_iter().map(|p| {
                    let editing = p.body.clone();
                    let edit_form = p.may_edit.then(|| {
                        let field = format!("edit-post-{}", p.id);
                        view! {
                            <details class="mt-2 text-sm">
                                <summary class="cursor-pointer text-slate-700" data-testid="group-post-edit">{t!(i18n, edit_button)}</summary>
                                <ActionForm action=edit attr:class="mt-2 flex flex-col gap-2">
                                    <input type="hidden" name="post" value=p.id/>
                                    <label for=field.clone() class="sr-only">{t!(i18n, edit_button)}</label>
                                    <textarea id=field name="body" rows="4" required maxlength=super::BODY_MAX.to_string()
                                        class="rounded-md border border-slate-300 px-3 py-2">{crate::ui::raw_text(editing)}</textarea>
                                    <button type="submit" class="btn-secondary self-end">{t!(i18n, save_button)}</button>
                                </ActionForm>
                            </details>
                        }
                    });
                    view! {
                        <li id=format!("post-{}", p.id) class="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="group-post">
                            <p class="text-sm text-slate-600">
                                {format!("{} · {}", p.author, date_time(locale, p.at))}
                                {p.edited.then(|| view! { " · "{t!(i18n, twinboard_edited)} })}
                            </p>
                            <MarkNote mark=p.mark/>
                            <p class="mt-2 whitespace-pre-line break-words text-slate-900">{p.body}</p>
                            {p.may_report.then(|| view! { <div class="mt-2"><ReportButton kind=ReportKind::GroupPost target=p.id/></div> })}
                            {edit_form}
                            {p.may_delete.then(|| view! {
                                <ActionForm action=delete attr:class="mt-2">
                                    <input type="hidden" name="post" value=p.id/>
                                    <button type="submit" class="btn-link text-red-800" data-testid="group-post-delete">{t!(i18n, delete_button)}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {pager(i18n, format!("/groups/{}/threads/{}", view.group_id, view.id), view.page, view.more, "thread-pages")}
            {view.may_post.then(|| view! {
                <ActionForm action=reply attr:class="mt-6 flex flex-col gap-3" attr:data-testid="group-reply">
                    <RequestKey/>
                    <input type="hidden" name="thread" value=view.id/>
                    <ErrorBanner message=form_error(replied)/>
                    <TextArea name="body" field="body" label=Signal::derive(move || t_string!(i18n, group_reply).to_owned()) max=super::BODY_MAX error=body_error/>
                    <div><button type="submit" class="btn-primary">{t!(i18n, group_send_reply)}</button></div>
                </ActionForm>
            })}
        </div>
    }
}

/// The form that creates a group (support staff) or proposes one (a teacher).
#[component]
pub fn NewGroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateGroup>::new();
    let result = outcome(create);
    let label = move |text: fn(I18n) -> &'static str| Signal::derive(move || text(i18n).to_owned());
    view! {
        <PageTitle text=move || format!("{} · {}", t_string!(i18n, group_new), t_string!(i18n, platform_name))/>
        <Permitted may=may_create_group>
            <div class="mx-auto max-w-3xl px-4 py-10">
                <h1 class="text-3xl font-bold text-slate-900">{t!(i18n, group_new)}</h1>
                <p class="mt-2 text-slate-700">{t!(i18n, group_new_intro)}</p>
                <ActionForm action=create attr:class="mt-8 flex flex-col gap-5" attr:data-testid="group-form">
                    <RequestKey />
                    <ErrorBanner message=form_error(result)/>
                    <TextField name="form[name]" field="name" label=label(|i| t_string!(i, group_name_field)) required=true error=field_error(result, "name")/>
                    <TextArea name="form[description]" field="description" label=label(|i| t_string!(i, group_description_field)) rows=5 max=super::DESCRIPTION_MAX
                        error=field_error(result, "description")/>
                    <ChoiceSelect id="field-subject" name="form[subject]" label=label(|i| t_string!(i, group_subject_field)) choices=subject_choices(i18n)
                        selected=String::new() empty="—".to_owned() required=true error=field_error(result, "subject")/>
                    <ChoiceSelect id="field-language" name="form[language]" label=label(|i| t_string!(i, group_language_field)) choices=language_choices()
                        selected="en".to_owned() required=true error=field_error(result, "language")/>
                    <ChoiceSelect id="field-country" name="form[country]" label=label(|i| t_string!(i, group_country_field)) choices=country_choices(i18n)
                        selected=String::new() empty=t_string!(i18n, group_all_countries).to_owned() error=field_error(result, "country")/>
                    <ChoiceSelect id="field-access" name="form[access]" label=label(|i| t_string!(i, group_access_field)) choices=access_choices(i18n)
                        selected="open".to_owned() required=true error=field_error(result, "access")/>
                    <TakeUpTheme name="form[annual_theme]" error=field_error(result, TAKE_UP_FIELD)/>
                    <div><button type="submit" class="btn-primary">{t!(i18n, group_create)}</button></div>
                </ActionForm>
            </div>
        </Permitted>
    }
}
