//! The ESF record's forms, one per stage: the entry questionnaire (with the reason of a
//! correction once it is validated), the situation on leaving, and six months after.
//! Each field is an item of the record and keeps its input under the item's code.

use super::{FormField, RecordForm, Unsaved, options};
use crate::domain::esf::{
    Answer, EntryAnswers, EsfItem, EsfRecord, EsfStage, ExitAnswers, FollowUpAnswers,
};
use crate::domain::participant::{EducationLevel, LabourStatus, Sex};
use crate::i18n::{t, tf};
use crate::store::{Session, StoreError};
use crate::tui::file::editor::Edits;
use crate::tui::show;
use crate::tui::widgets::field::{Choice, Field, FieldId};
use crate::tui::widgets::form::Form;

/// A field of the ESF forms: an item of the record, or the reason of a correction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EsfField {
    /// The answer to an item.
    Item(EsfItem),
    /// Why a validated entry is corrected.
    Reason,
}

impl FieldId for EsfField {
    fn name(self) -> &'static str {
        match self {
            Self::Item(item) => item.code(),
            Self::Reason => "reason",
        }
    }
}

impl FormField for EsfField {
    fn label_key(self) -> &'static str {
        match self {
            Self::Item(item) => item.label_key(),
            Self::Reason => "esf.field.reason",
        }
    }
}

/// The yes / no options of the exit and six-month answers.
fn yes_no() -> Vec<Choice> {
    ["yes", "no"]
        .iter()
        .map(|code| Choice::new(*code, t(&format!("esf.answer.{code}"))))
        .collect()
}

/// A yes / no field holding `value`.
fn boolean(item: EsfItem, value: Option<bool>) -> Field {
    let code = value.map(|yes| if yes { "yes" } else { "no" });
    EsfField::Item(item).choice(yes_no(), code)
}

/// The yes / no answer of field `item`.
fn read_boolean(form: &Form, item: EsfItem) -> Option<bool> {
    form.choice(EsfField::Item(item)).map(|code| code == "yes")
}

/// The form of one stage of a participant's ESF record.
#[derive(Debug, Clone)]
pub struct EsfForm {
    record: EsfRecord,
    stage: EsfStage,
}

impl EsfForm {
    /// The questionnaire of `stage` over `record` as read.
    pub fn new(record: EsfRecord, stage: EsfStage) -> Self {
        Self { record, stage }
    }

    fn file(&self) -> String {
        self.record.file_number.to_string()
    }

    fn entry_fields(&self) -> Vec<Field> {
        let a = &self.record.entry.answers;
        let item = EsfField::Item;
        let mut fields = vec![
            item(EsfItem::Sex).choice(
                options(Sex::ALL, Sex::code, Sex::label),
                a.sex.map(Sex::code),
            ),
            item(EsfItem::LabourStatus).choice(
                options(LabourStatus::ALL, LabourStatus::code, LabourStatus::label),
                a.labour_status.map(LabourStatus::code),
            ),
            item(EsfItem::UnemployedSince).date(a.unemployed_since),
            item(EsfItem::Education).choice(
                options(
                    EducationLevel::ALL,
                    EducationLevel::code,
                    EducationLevel::label,
                ),
                a.education.map(EducationLevel::code),
            ),
        ];
        fields.extend(
            EsfItem::of(EsfStage::Entry)
                .filter(|i| i.refusable())
                .map(|i| {
                    item(i).choice(
                        options(Answer::ALL, Answer::code, Answer::label),
                        a.answer(i).map(Answer::code),
                    )
                }),
        );
        if self.record.entry.validated.is_some() {
            fields.push(EsfField::Reason.text("").required());
        }
        fields
    }

    fn read_entry(&self, form: &mut Form) -> Result<EntryAnswers, Unsaved> {
        let answer = |item| {
            form.choice(EsfField::Item(item))
                .and_then(Answer::from_code)
        };
        Ok(EntryAnswers {
            sex: form
                .choice(EsfField::Item(EsfItem::Sex))
                .and_then(Sex::from_code),
            labour_status: form
                .choice(EsfField::Item(EsfItem::LabourStatus))
                .and_then(LabourStatus::from_code),
            education: form
                .choice(EsfField::Item(EsfItem::Education))
                .and_then(EducationLevel::from_code),
            disability: answer(EsfItem::Disability),
            third_country: answer(EsfItem::ThirdCountry),
            foreign_background: answer(EsfItem::ForeignBackground),
            minority: answer(EsfItem::Minority),
            homeless: answer(EsfItem::Homeless),
            rural: answer(EsfItem::Rural),
            unemployed_since: form.date(EsfField::Item(EsfItem::UnemployedSince))?,
        })
    }
}

impl RecordForm for EsfForm {
    fn fields(&self) -> Vec<Field> {
        let exit = &self.record.exit.answers;
        let later = &self.record.follow_up.answers;
        match self.stage {
            EsfStage::Entry => self.entry_fields(),
            EsfStage::Exit => EsfItem::of(EsfStage::Exit)
                .map(|i| boolean(i, exit.value(i)))
                .collect(),
            EsfStage::FollowUp => {
                let labour = self.record.entry.answers.labour_status;
                EsfItem::of(EsfStage::FollowUp)
                    .filter(|i| i.asked(labour))
                    .map(|i| boolean(i, later.value(i)))
                    .collect()
            }
        }
    }

    /// What the stage asks about, and for a validated entry, that a change is a correction.
    fn notice(&self) -> Option<String> {
        let day = |d: Option<chrono::NaiveDate>| d.map(show::date).unwrap_or_default();
        Some(match (self.stage, &self.record.entry.validated) {
            (EsfStage::Entry, Some(v)) => tf(
                "esf.form.correction",
                &[("date", &show::date(v.at.date_naive()))],
            ),
            (EsfStage::Entry, None) => t("esf.form.entry_hint"),
            (EsfStage::Exit, _) => tf("esf.form.exit_hint", &[("date", &day(self.record.exit_on))]),
            (EsfStage::FollowUp, _) => tf(
                "esf.form.follow_up_hint",
                &[("date", &day(self.record.follow_up.state.opens_on))],
            ),
        })
    }

    fn edits(&self) -> Option<Edits> {
        let file = self.file();
        let version = self.record.version;
        Some(match self.stage {
            EsfStage::Entry => Edits::EsfEntry { file, version },
            EsfStage::Exit => Edits::EsfExit { file, version },
            EsfStage::FollowUp => Edits::EsfFollowUp { file, version },
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        form.check_required()?;
        let file = self.file();
        let version = self.record.version;
        let saved = match self.stage {
            EsfStage::Entry => {
                let answers = self.read_entry(form)?;
                let reason = form.text(EsfField::Reason);
                session.save_esf_entry(
                    &file,
                    &answers,
                    version,
                    self.record.participant_version,
                    &reason,
                )?
            }
            EsfStage::Exit => {
                let answers = ExitAnswers {
                    job_searching: read_boolean(form, EsfItem::JobSearching),
                    in_training: read_boolean(form, EsfItem::InTraining),
                    qualification: read_boolean(form, EsfItem::Qualification),
                    employed: read_boolean(form, EsfItem::Employed),
                };
                session.save_esf_exit(&file, &answers, version)?
            }
            EsfStage::FollowUp => {
                let answers = FollowUpAnswers {
                    employed: read_boolean(form, EsfItem::EmployedAfterSixMonths),
                    improved: read_boolean(form, EsfItem::ImprovedAfterSixMonths),
                };
                session.save_esf_follow_up(&file, &answers, version)?
            }
        };
        Ok(saved.file_number.to_string())
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.esf_record(&self.file())?;
        Ok(Some(Box::new(Self::new(fresh, self.stage))))
    }
}
