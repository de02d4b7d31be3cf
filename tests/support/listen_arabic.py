"""A published listen project whose contributions are in Arabic (and one in English), for the
right-to-left report tests."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from civicspace.listen import edits, synthesis
from civicspace.listen.intake import ContributionType, take_in

QUESTION = "ما الذي يهدد عملكم؟"
CONTRIBUTIONS = [
    ("قطعت الحكومة الإنترنت خلال الانتخابات فلم نستطع التواصل مع أعضائنا.", "EG", "ar"),
    ("انقطاع الإنترنت منعنا من نشر تقاريرنا على الإنترنت لأيام.", "SD", "ar"),
    ("حجبت السلطات مواقع التواصل الاجتماعي وقطعت الإنترنت عن المدينة.", "JO", "ar"),
    ("بدون الإنترنت لم نتمكن من التواصل مع الصحفيين والمتطوعين.", "LB", "ar"),
    ("قطع الإنترنت عزلنا عن أعضائنا في القرى لمدة أسبوع.", "YE", "ar"),
    ("الحكومة تقطع الإنترنت كلما خرج الناس إلى الشارع.", "SY", "ar"),
    ("أطلقت الشرطة الغاز المسيل للدموع على مسيرتنا السلمية.", "EG", "ar"),
    ("اعتقلت الشرطة المتظاهرين وضربتهم في المسيرة السلمية.", "TN", "ar"),
    ("فرقت قوات الأمن الاحتجاج السلمي بالقوة والغاز المسيل للدموع.", "MA", "ar"),
    ("ضربت الشرطة المحتجين بالهراوات خلال المسيرة السلمية.", "IQ", "ar"),
    ("الشرطة اعتقلت عشرات المحتجين بعد المسيرة السلمية.", "DZ", "ar"),
    ("Police fired tear gas at our peaceful march in Cairo.", "EG", "en"),
]


TITLE = "أصوات من المنطقة"


def seed_arabic_project(engine: Engine, name: str = "Voices of the region") -> str:
    """The slug of a published project (title TITLE) of CONTRIBUTIONS answering QUESTION."""
    with Session(engine) as db:
        project = synthesis.ensure_project(db, name)
        project.title = TITLE
        for text, country, lang in CONTRIBUTIONS:
            sub = take_in(
                text, type=ContributionType.comment, consent=True, anonymous=True,
                country=country, language=lang,
            )  # fmt: skip
            synthesis.add_submission(db, project, sub, QUESTION)
        synthesis.recompute(db, project)
        edits.set_published(db, project, True, "user:1")
        db.commit()
        return project.slug
