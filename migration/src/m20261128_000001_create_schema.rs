//! The initial schema: every table of the application.
//!
//! Enumerations are strings constrained by CHECK constraints with the exact
//! spellings of the dataset format (`spec/dataset.md`). Foreign keys are
//! declared inside `CREATE TABLE` because SQLite cannot add them later.
//!
//! Constraint names: `fk_<table>_<column>`, `ck_<table>_<column>`,
//! `uq_<table>_<columns>`, indexes `ix_<table>_<columns>`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const AUTHORITY_LEVELS: &[&str] = &["federal", "state", "municipal", "consular", "international"];
const DAY_KINDS: &[&str] = &["calendar", "business"];
const BODY_LEVELS: &[&str] = &[
    "national",
    "state",
    "municipal",
    "consular",
    "transnational",
];
const MIGRANT_GROUPS: &[&str] = &[
    "immigrant",
    "emigrant",
    "transit",
    "returnee",
    "refugee",
    "other",
];
const MEMBER_ROLES: &[&str] = &["chair", "secretary", "representative", "alternate"];
const GENDERS: &[&str] = &["woman", "man", "non_binary", "other", "undisclosed"];
const MEETING_KINDS: &[&str] = &["ordinary", "extraordinary"];
const MEETING_STATUSES: &[&str] = &["scheduled", "held", "cancelled"];
const ATTENDANCE_STATUSES: &[&str] = &["present", "remote", "excused", "absent"];
const TOPICS: &[&str] = &[
    "documentation",
    "asylum",
    "detention",
    "labor",
    "health",
    "education",
    "housing",
    "security",
    "family",
    "consular",
    "integration",
    "discrimination",
    "political_rights",
    "other",
];
const EVENT_KINDS: &[&str] = &[
    "acknowledged",
    "clarification_requested",
    "clarification_provided",
    "accepted",
    "partially_accepted",
    "rejected",
    "implemented",
];
const VERDICTS: &[&str] = &["satisfied", "partially_satisfied", "unsatisfied"];
const LOCALES: &[&str] = &["es", "en"];
const ACCOUNT_ROLES: &[&str] = &["admin", "chair", "secretary", "representative", "official"];
const INVITATION_PURPOSES: &[&str] = &["invite", "reset"];

/// `CONSTRAINT <name> CHECK (<col> IN (<values>))`.
fn one_of<C: IntoIden>(name: &str, col: C, values: &[&str]) -> Check {
    Check::named(
        name.to_owned(),
        Expr::col(col.into_iden()).is_in(values.iter().copied()),
    )
}

/// A foreign key from `table.col` to `parent.id`.
fn fk<T, C, P>(
    name: &str,
    table: T,
    col: C,
    parent: P,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    T: IntoIden,
    C: IntoIden,
    P: IntoIden,
{
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(parent, Id::Id)
        .on_delete(on_delete)
        .take()
}

/// A named `UNIQUE (cols…)` table constraint.
fn unique<C: IntoIden>(name: &str, cols: impl IntoIterator<Item = C>) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).unique();
    for col in cols {
        index.col(col.into_iden());
    }
    index.take()
}

/// A plain (non-unique) index.
fn index<T, C>(name: &str, table: T, cols: impl IntoIterator<Item = C>) -> IndexCreateStatement
where
    T: IntoIden,
    C: IntoIden,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(col.into_iden());
    }
    index.take()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // authorities
        manager
            .create_table(
                Table::create()
                    .table(Authorities::Table)
                    .col(big_pk_auto(Authorities::Id))
                    .col(string_uniq(Authorities::Key))
                    .col(string(Authorities::Name))
                    .col(string_null(Authorities::Acronym))
                    .col(string(Authorities::Level).check(one_of(
                        "ck_authorities_level",
                        Authorities::Level,
                        AUTHORITY_LEVELS,
                    )))
                    .col(integer(Authorities::ResponseDays).check(Check::named(
                        "ck_authorities_response_days",
                        Expr::col(Authorities::ResponseDays).gte(0),
                    )))
                    .col(string(Authorities::DayKind).check(one_of(
                        "ck_authorities_day_kind",
                        Authorities::DayKind,
                        DAY_KINDS,
                    )))
                    .col(string_null(Authorities::Email))
                    .col(timestamp_with_time_zone(Authorities::CreatedAt))
                    .to_owned(),
            )
            .await?;

        // authority_holidays
        manager
            .create_table(
                Table::create()
                    .table(AuthorityHolidays::Table)
                    .col(big_pk_auto(AuthorityHolidays::Id))
                    .col(big_integer(AuthorityHolidays::AuthorityId))
                    .col(date(AuthorityHolidays::Day))
                    .index(&mut unique(
                        "uq_authority_holidays_authority_id_day",
                        [AuthorityHolidays::AuthorityId, AuthorityHolidays::Day],
                    ))
                    .foreign_key(&mut fk(
                        "fk_authority_holidays_authority_id",
                        AuthorityHolidays::Table,
                        AuthorityHolidays::AuthorityId,
                        Authorities::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        // bodies
        manager
            .create_table(
                Table::create()
                    .table(Bodies::Table)
                    .col(big_pk_auto(Bodies::Id))
                    .col(string_uniq(Bodies::Key))
                    .col(string(Bodies::Name))
                    .col(string(Bodies::Level).check(one_of(
                        "ck_bodies_level",
                        Bodies::Level,
                        BODY_LEVELS,
                    )))
                    .col(string(Bodies::Jurisdiction))
                    .col(string(Bodies::Timezone))
                    .col(integer_null(Bodies::Seats))
                    .col(integer_null(Bodies::MeetingsPerYear))
                    .col(integer(Bodies::QuorumPercent).default(50))
                    .col(integer_null(Bodies::ResponseDays))
                    .col(boolean(Bodies::Public).default(true))
                    .col(timestamp_with_time_zone(Bodies::CreatedAt))
                    .to_owned(),
            )
            .await?;

        // body_groups
        manager
            .create_table(
                Table::create()
                    .table(BodyGroups::Table)
                    .col(big_pk_auto(BodyGroups::Id))
                    .col(big_integer(BodyGroups::BodyId))
                    .col(integer(BodyGroups::Position))
                    .col(string(BodyGroups::MigrantGroup).check(one_of(
                        "ck_body_groups_migrant_group",
                        BodyGroups::MigrantGroup,
                        MIGRANT_GROUPS,
                    )))
                    .index(&mut unique(
                        "uq_body_groups_body_id_position",
                        [BodyGroups::BodyId, BodyGroups::Position],
                    ))
                    .foreign_key(&mut fk(
                        "fk_body_groups_body_id",
                        BodyGroups::Table,
                        BodyGroups::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        // body_regions
        manager
            .create_table(
                Table::create()
                    .table(BodyRegions::Table)
                    .col(big_pk_auto(BodyRegions::Id))
                    .col(big_integer(BodyRegions::BodyId))
                    .col(integer(BodyRegions::Position))
                    .col(string(BodyRegions::Region))
                    .index(&mut unique(
                        "uq_body_regions_body_id_position",
                        [BodyRegions::BodyId, BodyRegions::Position],
                    ))
                    .foreign_key(&mut fk(
                        "fk_body_regions_body_id",
                        BodyRegions::Table,
                        BodyRegions::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        // members
        manager
            .create_table(
                Table::create()
                    .table(Members::Table)
                    .col(big_pk_auto(Members::Id))
                    .col(big_integer(Members::BodyId))
                    .col(string(Members::Key))
                    .col(string(Members::Name))
                    .col(string_null(Members::Email))
                    .col(boolean(Members::Public))
                    .col(string(Members::Role).check(one_of(
                        "ck_members_role",
                        Members::Role,
                        MEMBER_ROLES,
                    )))
                    .col(string(Members::Gender).check(one_of(
                        "ck_members_gender",
                        Members::Gender,
                        GENDERS,
                    )))
                    .col(string(Members::MigrantGroup).check(one_of(
                        "ck_members_migrant_group",
                        Members::MigrantGroup,
                        MIGRANT_GROUPS,
                    )))
                    .col(string_null(Members::Region))
                    .col(string_len_null(Members::Country, 2))
                    .col(date(Members::TermStart))
                    .col(date_null(Members::TermEnd))
                    .col(date_null(Members::WithdrawnOn))
                    .index(&mut unique(
                        "uq_members_body_id_key",
                        [Members::BodyId, Members::Key],
                    ))
                    .foreign_key(&mut fk(
                        "fk_members_body_id",
                        Members::Table,
                        Members::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_members_body_id",
                Members::Table,
                [Members::BodyId],
            ))
            .await?;

        // meetings
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .col(big_pk_auto(Meetings::Id))
                    .col(big_integer(Meetings::BodyId))
                    .col(string(Meetings::Key))
                    .col(string(Meetings::Title))
                    .col(string(Meetings::Kind).check(one_of(
                        "ck_meetings_kind",
                        Meetings::Kind,
                        MEETING_KINDS,
                    )))
                    .col(timestamp_with_time_zone(Meetings::StartsAt))
                    .col(timestamp_with_time_zone_null(Meetings::EndsAt))
                    .col(text_null(Meetings::Location))
                    .col(string(Meetings::Status).check(one_of(
                        "ck_meetings_status",
                        Meetings::Status,
                        MEETING_STATUSES,
                    )))
                    .col(text_null(Meetings::Agenda))
                    .col(text_null(Meetings::Minutes))
                    .col(timestamp_with_time_zone_null(Meetings::MinutesPublishedAt))
                    .col(text_null(Meetings::CancelReason))
                    .col(integer(Meetings::Sequence).default(0))
                    .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                    .index(&mut unique(
                        "uq_meetings_body_id_key",
                        [Meetings::BodyId, Meetings::Key],
                    ))
                    .foreign_key(&mut fk(
                        "fk_meetings_body_id",
                        Meetings::Table,
                        Meetings::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_meetings_body_id_starts_at",
                Meetings::Table,
                [Meetings::BodyId, Meetings::StartsAt],
            ))
            .await?;

        // attendance
        manager
            .create_table(
                Table::create()
                    .table(Attendance::Table)
                    .col(big_integer(Attendance::MeetingId))
                    .col(big_integer(Attendance::MemberId))
                    .col(string(Attendance::Status).check(one_of(
                        "ck_attendance_status",
                        Attendance::Status,
                        ATTENDANCE_STATUSES,
                    )))
                    .primary_key(
                        Index::create()
                            .name("pk_attendance")
                            .col(Attendance::MeetingId)
                            .col(Attendance::MemberId),
                    )
                    .foreign_key(&mut fk(
                        "fk_attendance_meeting_id",
                        Attendance::Table,
                        Attendance::MeetingId,
                        Meetings::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_attendance_member_id",
                        Attendance::Table,
                        Attendance::MemberId,
                        Members::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // The primary key serves lookups by meeting; this one serves lookups
        // by member (attendance rates per member) and the cascade from members.
        manager
            .create_index(index(
                "ix_attendance_member_id",
                Attendance::Table,
                [Attendance::MemberId],
            ))
            .await?;

        // demands
        manager
            .create_table(
                Table::create()
                    .table(Demands::Table)
                    .col(big_pk_auto(Demands::Id))
                    .col(big_integer(Demands::BodyId))
                    .col(string(Demands::Key))
                    .col(string(Demands::Title))
                    .col(text(Demands::Text))
                    .col(string(Demands::Topic).check(one_of(
                        "ck_demands_topic",
                        Demands::Topic,
                        TOPICS,
                    )))
                    .col(big_integer(Demands::SubmittedBy))
                    .col(big_integer_null(Demands::MeetingId))
                    .col(timestamp_with_time_zone(Demands::SubmittedAt))
                    .col(boolean(Demands::Confidential))
                    .col(timestamp_with_time_zone_null(Demands::WithdrawnAt))
                    .index(&mut unique(
                        "uq_demands_body_id_key",
                        [Demands::BodyId, Demands::Key],
                    ))
                    .foreign_key(&mut fk(
                        "fk_demands_body_id",
                        Demands::Table,
                        Demands::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_demands_submitted_by",
                        Demands::Table,
                        Demands::SubmittedBy,
                        Members::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_demands_meeting_id",
                        Demands::Table,
                        Demands::MeetingId,
                        Meetings::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_demands_body_id_submitted_at",
                Demands::Table,
                [Demands::BodyId, Demands::SubmittedAt],
            ))
            .await?;
        // Serve the cascades from members and meetings (and "demands of a
        // member" / "adopted at a meeting") without scanning all demands.
        manager
            .create_index(index(
                "ix_demands_submitted_by",
                Demands::Table,
                [Demands::SubmittedBy],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_demands_meeting_id",
                Demands::Table,
                [Demands::MeetingId],
            ))
            .await?;

        // referrals
        manager
            .create_table(
                Table::create()
                    .table(Referrals::Table)
                    .col(big_pk_auto(Referrals::Id))
                    .col(big_integer(Referrals::DemandId))
                    .col(big_integer(Referrals::AuthorityId))
                    .col(timestamp_with_time_zone_null(Referrals::DueAt))
                    .index(&mut unique(
                        "uq_referrals_demand_id_authority_id",
                        [Referrals::DemandId, Referrals::AuthorityId],
                    ))
                    .foreign_key(&mut fk(
                        "fk_referrals_demand_id",
                        Referrals::Table,
                        Referrals::DemandId,
                        Demands::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_referrals_authority_id",
                        Referrals::Table,
                        Referrals::AuthorityId,
                        Authorities::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_referrals_authority_id",
                Referrals::Table,
                [Referrals::AuthorityId],
            ))
            .await?;

        // accounts
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(big_pk_auto(Accounts::Id))
                    .col(string_uniq(Accounts::Email))
                    .col(string(Accounts::Name))
                    .col(string_null(Accounts::PasswordHash))
                    .col(string(Accounts::Locale).default("es").check(one_of(
                        "ck_accounts_locale",
                        Accounts::Locale,
                        LOCALES,
                    )))
                    .col(boolean(Accounts::Disabled).default(false))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone_null(Accounts::LastLoginAt))
                    .to_owned(),
            )
            .await?;

        // referral_events
        manager
            .create_table(
                Table::create()
                    .table(ReferralEvents::Table)
                    .col(big_pk_auto(ReferralEvents::Id))
                    .col(big_integer(ReferralEvents::ReferralId))
                    .col(integer(ReferralEvents::Seq))
                    .col(timestamp_with_time_zone(ReferralEvents::At))
                    .col(string(ReferralEvents::Kind).check(one_of(
                        "ck_referral_events_kind",
                        ReferralEvents::Kind,
                        EVENT_KINDS,
                    )))
                    .col(text(ReferralEvents::Text).default(""))
                    .col(text_null(ReferralEvents::EvidenceUrl))
                    .col(big_integer_null(ReferralEvents::AuthorAccountId))
                    .col(timestamp_with_time_zone(ReferralEvents::CreatedAt))
                    .index(&mut unique(
                        "uq_referral_events_referral_id_seq",
                        [ReferralEvents::ReferralId, ReferralEvents::Seq],
                    ))
                    .foreign_key(&mut fk(
                        "fk_referral_events_referral_id",
                        ReferralEvents::Table,
                        ReferralEvents::ReferralId,
                        Referrals::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_referral_events_author_account_id",
                        ReferralEvents::Table,
                        ReferralEvents::AuthorAccountId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_referral_events_referral_id_at",
                ReferralEvents::Table,
                [ReferralEvents::ReferralId, ReferralEvents::At],
            ))
            .await?;

        // assessments
        manager
            .create_table(
                Table::create()
                    .table(Assessments::Table)
                    .col(big_pk_auto(Assessments::Id))
                    .col(big_integer(Assessments::ReferralId))
                    .col(integer(Assessments::Seq))
                    .col(timestamp_with_time_zone(Assessments::At))
                    .col(string(Assessments::Verdict).check(one_of(
                        "ck_assessments_verdict",
                        Assessments::Verdict,
                        VERDICTS,
                    )))
                    .col(text_null(Assessments::Note))
                    .col(big_integer_null(Assessments::AuthorAccountId))
                    .col(timestamp_with_time_zone(Assessments::CreatedAt))
                    .index(&mut unique(
                        "uq_assessments_referral_id_seq",
                        [Assessments::ReferralId, Assessments::Seq],
                    ))
                    .foreign_key(&mut fk(
                        "fk_assessments_referral_id",
                        Assessments::Table,
                        Assessments::ReferralId,
                        Referrals::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_assessments_author_account_id",
                        Assessments::Table,
                        Assessments::AuthorAccountId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        // role_assignments
        manager
            .create_table(
                Table::create()
                    .table(RoleAssignments::Table)
                    .col(big_pk_auto(RoleAssignments::Id))
                    .col(big_integer(RoleAssignments::AccountId))
                    .col(string(RoleAssignments::Role).check(one_of(
                        "ck_role_assignments_role",
                        RoleAssignments::Role,
                        ACCOUNT_ROLES,
                    )))
                    .col(big_integer_null(RoleAssignments::BodyId))
                    .col(big_integer_null(RoleAssignments::MemberId))
                    .col(big_integer_null(RoleAssignments::AuthorityId))
                    .col(timestamp_with_time_zone(RoleAssignments::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_role_assignments_account_id",
                        RoleAssignments::Table,
                        RoleAssignments::AccountId,
                        Accounts::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_assignments_body_id",
                        RoleAssignments::Table,
                        RoleAssignments::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_assignments_member_id",
                        RoleAssignments::Table,
                        RoleAssignments::MemberId,
                        Members::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_role_assignments_authority_id",
                        RoleAssignments::Table,
                        RoleAssignments::AuthorityId,
                        Authorities::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_role_assignments_account_id",
                RoleAssignments::Table,
                [RoleAssignments::AccountId],
            ))
            .await?;

        // sessions
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::Id).primary_key())
                    .col(text(Sessions::Data))
                    .col(timestamp_with_time_zone(Sessions::ExpiryDate))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_sessions_expiry_date",
                Sessions::Table,
                [Sessions::ExpiryDate],
            ))
            .await?;

        // invitations
        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(big_pk_auto(Invitations::Id))
                    .col(string(Invitations::Email))
                    .col(string_uniq(Invitations::TokenHash))
                    .col(big_integer_null(Invitations::AccountId))
                    .col(big_integer_null(Invitations::MemberId))
                    .col(string_null(Invitations::Role).check(one_of(
                        "ck_invitations_role",
                        Invitations::Role,
                        ACCOUNT_ROLES,
                    )))
                    .col(big_integer_null(Invitations::BodyId))
                    .col(big_integer_null(Invitations::AuthorityId))
                    .col(big_integer_null(Invitations::InvitedBy))
                    .col(string(Invitations::Purpose).default("invite").check(one_of(
                        "ck_invitations_purpose",
                        Invitations::Purpose,
                        INVITATION_PURPOSES,
                    )))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .foreign_key(&mut fk(
                        "fk_invitations_account_id",
                        Invitations::Table,
                        Invitations::AccountId,
                        Accounts::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_invitations_member_id",
                        Invitations::Table,
                        Invitations::MemberId,
                        Members::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_invitations_body_id",
                        Invitations::Table,
                        Invitations::BodyId,
                        Bodies::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_invitations_authority_id",
                        Invitations::Table,
                        Invitations::AuthorityId,
                        Authorities::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_invitations_invited_by",
                        Invitations::Table,
                        Invitations::InvitedBy,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        // mail_outbox
        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(big_pk_auto(MailOutbox::Id))
                    .col(string(MailOutbox::Recipient))
                    .col(string(MailOutbox::Subject))
                    .col(text(MailOutbox::BodyText))
                    .col(text_null(MailOutbox::BodyHtml))
                    .col(string_null(MailOutbox::AttachmentName))
                    .col(string_null(MailOutbox::AttachmentMime))
                    .col(text_null(MailOutbox::Attachment))
                    .col(string_null(MailOutbox::DedupeKey).unique_key())
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::LockedUntil))
                    .col(text_null(MailOutbox::LastError))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_mail_outbox_sent_at_next_attempt_at",
                MailOutbox::Table,
                [MailOutbox::SentAt, MailOutbox::NextAttemptAt],
            ))
            .await?;

        // audit_log
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(big_pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(big_integer_null(AuditLog::AccountId))
                    .col(string(AuditLog::Entity))
                    .col(string(AuditLog::EntityId))
                    .col(string(AuditLog::Action))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .foreign_key(&mut fk(
                        "fk_audit_log_account_id",
                        AuditLog::Table,
                        AuditLog::AccountId,
                        Accounts::Table,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_entity_entity_id",
                AuditLog::Table,
                [AuditLog::Entity, AuditLog::EntityId],
            ))
            .await?;
        manager
            .create_index(index("ix_audit_log_at", AuditLog::Table, [AuditLog::At]))
            .await?;

        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents; indexes go with their tables.
        let tables: [DynIden; 18] = [
            AuditLog::Table.into_iden(),
            MailOutbox::Table.into_iden(),
            Invitations::Table.into_iden(),
            Sessions::Table.into_iden(),
            RoleAssignments::Table.into_iden(),
            Assessments::Table.into_iden(),
            ReferralEvents::Table.into_iden(),
            Accounts::Table.into_iden(),
            Referrals::Table.into_iden(),
            Demands::Table.into_iden(),
            Attendance::Table.into_iden(),
            Meetings::Table.into_iden(),
            Members::Table.into_iden(),
            BodyRegions::Table.into_iden(),
            BodyGroups::Table.into_iden(),
            Bodies::Table.into_iden(),
            AuthorityHolidays::Table.into_iden(),
            Authorities::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }

    /// Create the whole schema or nothing, on every backend.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// The primary key column shared by every parent table.
#[derive(DeriveIden)]
enum Id {
    Id,
}

#[derive(DeriveIden)]
enum Authorities {
    Table,
    Id,
    Key,
    Name,
    Acronym,
    Level,
    ResponseDays,
    DayKind,
    Email,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AuthorityHolidays {
    Table,
    Id,
    AuthorityId,
    Day,
}

#[derive(DeriveIden)]
enum Bodies {
    Table,
    Id,
    Key,
    Name,
    Level,
    Jurisdiction,
    Timezone,
    Seats,
    MeetingsPerYear,
    QuorumPercent,
    ResponseDays,
    Public,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BodyGroups {
    Table,
    Id,
    BodyId,
    Position,
    MigrantGroup,
}

#[derive(DeriveIden)]
enum BodyRegions {
    Table,
    Id,
    BodyId,
    Position,
    Region,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
    BodyId,
    Key,
    Name,
    Email,
    Public,
    Role,
    Gender,
    MigrantGroup,
    Region,
    Country,
    TermStart,
    TermEnd,
    WithdrawnOn,
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    Id,
    BodyId,
    Key,
    Title,
    Kind,
    StartsAt,
    EndsAt,
    Location,
    Status,
    Agenda,
    Minutes,
    MinutesPublishedAt,
    CancelReason,
    Sequence,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Attendance {
    Table,
    MeetingId,
    MemberId,
    Status,
}

#[derive(DeriveIden)]
enum Demands {
    Table,
    Id,
    BodyId,
    Key,
    Title,
    Text,
    Topic,
    SubmittedBy,
    MeetingId,
    SubmittedAt,
    Confidential,
    WithdrawnAt,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    DemandId,
    AuthorityId,
    DueAt,
}

#[derive(DeriveIden)]
enum ReferralEvents {
    Table,
    Id,
    ReferralId,
    Seq,
    At,
    Kind,
    Text,
    EvidenceUrl,
    AuthorAccountId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    ReferralId,
    Seq,
    At,
    Verdict,
    Note,
    AuthorAccountId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Locale,
    Disabled,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum RoleAssignments {
    Table,
    Id,
    AccountId,
    Role,
    BodyId,
    MemberId,
    AuthorityId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    Data,
    ExpiryDate,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    Email,
    TokenHash,
    AccountId,
    MemberId,
    Role,
    BodyId,
    AuthorityId,
    InvitedBy,
    Purpose,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    Recipient,
    Subject,
    BodyText,
    BodyHtml,
    AttachmentName,
    AttachmentMime,
    Attachment,
    DedupeKey,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    SentAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    AccountId,
    Entity,
    EntityId,
    Action,
    Before,
    After,
}
