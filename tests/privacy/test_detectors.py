"""The privacy detectors on planted items and on news-like negatives, in several languages."""

from __future__ import annotations

import pytest

from civicspace.privacy import Kind, scan


def kinds(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(f.kind.value, f.text) for f in scan({"body": text}, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English
        ("Call her on +44 7700 900123 tonight.", ("phone", "+44 7700 900123")),
        ("The hotline is (202) 555-0143.", ("phone", "(202) 555-0143")),
        ("Write to tips@freepress-watch.org today.", ("email", "tips@freepress-watch.org")),
        ("Write to justice4amina at gmail dot com.", ("email", "justice4amina at gmail dot com")),
        ("They raided 14 Harrow Road at dawn.", ("address", "14 Harrow Road")),
        ("His passport no. A12345678 was taken.", ("id_number", "A12345678")),
        ("The camp was at 51.5033, -0.1196 by the river.", ("coordinates", "51.5033, -0.1196")),
        ("Filmed at 40°26′46″N 79°58′56″W.", ("coordinates", "40°26′46″N 79°58′56″W")),
        ("A car with licence plate KDA 123X followed them.", ("plate", "KDA 123X")),
        ("Police detained activist Maria Okafor on Tuesday.", ("person", "Maria Okafor")),
        # Spanish
        ("Su móvil es 612 345 678.", ("phone", "612 345 678")),
        (
            "Escriban a denuncias arroba derechos punto org.",
            ("email", "denuncias arroba derechos punto org"),
        ),
        ("Vive en Calle Mayor 5, Madrid.", ("address", "Calle Mayor 5")),
        ("La sede está en Av. Paulista, 1000.", ("address", "Av. Paulista, 1000")),
        ("Con DNI 12345678Z fue multado.", ("id_number", "12345678Z")),
        ("La CURP GODE561231HDFRRN00 fue filtrada.", ("id_number", "GODE561231HDFRRN00")),
        ("La camioneta de placa ABC-123 lo siguió.", ("plate", "ABC-123")),
        ("La periodista Lucía Fernández denunció amenazas.", ("person", "Lucía Fernández")),
        # French, Portuguese, Turkish
        ("Il habite 12 rue de la Paix à Lyon.", ("address", "12 rue de la Paix")),
        ("Joignable au 06 12 34 56 78.", ("phone", "06 12 34 56 78")),
        ("O CPF 529.982.247-25 foi divulgado.", ("id_number", "529.982.247-25")),
        ("Atatürk Caddesi No: 12 adresinde.", ("address", "Atatürk Caddesi No: 12")),
        # Russian
        ("Задержали у дома на ул. Ленина, д. 5, кв. 12.", ("address", "ул. Ленина, д. 5, кв. 12")),
        ("Телефон активиста: +7 916 123-45-67.", ("phone", "+7 916 123-45-67")),
        ("Правозащитник Олег Иванович Смирнов сообщил.", ("person", "Олег Иванович Смирнов")),
        ("Автомобиль с номером А123ВС 77 стоял у подъезда.", ("plate", "А123ВС 77")),
        # Arabic (with Arabic-Indic digits)
        ("اعتقلت الناشطة سلمى الشهاب من منزلها.", ("person", "سلمى الشهاب")),
        ("يسكن في شارع الحرية رقم 12 منذ سنوات.", ("address", "شارع الحرية رقم 12")),
        ("رقم هاتف الناشط ٠١٠١٢٣٤٥٦٧٨ متداول.", ("phone", "٠١٠١٢٣٤٥٦٧٨")),
        # Korean
        ("김철수 기자는 세종대로 110 앞에서 연행됐다.", ("person", "김철수")),
        ("김철수 기자는 세종대로 110 앞에서 연행됐다.", ("address", "세종대로 110")),
        ("주민등록번호 900101-1234568 이 공개되었다.", ("id_number", "900101-1234568")),
    ],
)
def test_finds_planted_items(text: str, expected: tuple[str, str]) -> None:
    assert expected in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2019, 1,234 people were killed and 45,000 displaced.",
        "The Public Order Act of 2011 was amended by Law No. 19 of 2023.",
        "Turnout was 64.3 percent, with 12,345,678 votes cast in 2022.",
        "Between 2015 and 2020, registered NGOs fell from 8,500 to 6,200.",
        "Human Rights Watch urged the Ministry of Interior to release all detainees.",
        "The ISBN of the banned book is 978-3-16-148410-0.",
        "About 1 200 000 people live in the district, census figures from 2019 show.",
        "La Ley 1448 de 2011 reconoce a las víctimas del conflicto armado.",
        "Unas 15.000 personas marcharon por la Avenida de Mayo hasta la Plaza de Mayo.",
        "El Real Decreto 463/2020 declaró el estado de alarma.",
        "El Decreto Supremo 1234-2022-PCM declaró el estado de emergencia.",
        "La inflación llegó al 211,4 % en 2023 y el dólar cerró en 1.050 pesos.",
        "Plus de 1 200 000 personnes ont manifesté dans 250 villes, selon la CGT.",
        "В 2023 году было задержано 19 718 человек, сообщает ОВД-Инфо.",
        "Федеральный закон № 121-ФЗ об иностранных агентах принят в 2012 году.",
        "صدر القانون رقم 149 لسنة 2019 بشأن تنظيم العمل الأهلي.",
        "قتل 45 شخصا وأصيب 120 آخرون في اشتباكات عام 2023.",
        "경찰은 2023년 집회 참가자 1,200명을 연행했다.",
        "Security forces fired tear gas at 3,000 demonstrators in Nairobi.",
        "The protesters were detained at some point in the evening.",
        "Follow her at www.facebook.com/claudia for updates.",
    ],
)
def test_news_negatives_are_clear(text: str) -> None:
    assert kinds(text) == []


def test_public_figures_are_not_findings_but_unlisted_ones_are() -> None:
    text = "Prime Minister Keir Starmer met Emmanuel Macron in Paris."
    assert kinds(text, known_public_names=["Keir Starmer", "Emmanuel Macron"]) == []
    assert ("person", "Emmanuel Macron") in kinds(text)


def test_known_private_names_match_in_any_order_and_accent() -> None:
    private = ["María Pérez"]
    for text, span in [
        ("PEREZ, Maria fue liberada.", "PEREZ, Maria"),
        ("Pérez María, la dirigente, habló.", "Pérez María"),
        ("Later, Pérez said she was followed.", "Pérez"),
        ("Ayer maría pérez declaró ante el juez.", "maría pérez"),
    ]:
        found = [f for f in scan({"t": text}, known_private_names=private) if f.kind is Kind.PERSON]
        assert [f.text for f in found] == [span], text


def test_known_private_names_in_arabic_and_korean() -> None:
    assert ("person", "لجين الهذلول") in kinds(
        "قالت لجين الهذلول إنها ممنوعة من السفر.", known_private_names=["لجين الهذلول"]
    )
    assert ("person", "이영희") in kinds(
        "이영희는 집회에 참석했다.", known_private_names=["이영희"]
    )


def test_later_mentions_of_a_found_name_are_found() -> None:
    text = "Activist Thandiwe Mokoena was followed. Mokoena said the car had no plates."
    assert [t for k, t in kinds(text) if k == "person"] == ["Thandiwe Mokoena", "Mokoena"]


def test_findings_carry_field_span_and_detector() -> None:
    found = scan({"title": "Call 612 345 678", "summary": "Nothing here."})
    assert len(found) == 1
    finding = found[0]
    assert (finding.field, finding.start, finding.end) == ("title", 5, 16)
    assert finding.detector.startswith("phone.") and 0 < finding.confidence <= 1
