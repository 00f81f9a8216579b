"""The built-in sentence splitter, table-driven per language."""

from __future__ import annotations

import pytest

from service.engine.splitter import TextLayout, sentence_spans, split_sentences

ENGLISH = [
    ("Mr. Smith went to Washington. He met Dr. Jones.",
     ["Mr. Smith went to Washington.", "He met Dr. Jones."]),
    ("The U.S. State Department commented on Monday. Then it stopped.",
     ["The U.S. State Department commented on Monday.", "Then it stopped."]),
    ("President K.-J. Tokayev spoke. Reforms, e.g. elections, follow.",
     ["President K.-J. Tokayev spoke.", "Reforms, e.g. elections, follow."]),
    ("Prices rose by 3.5 percent. The rest held.",
     ["Prices rose by 3.5 percent.", "The rest held."]),
    ("The vote is on 18.11.2022 in Astana. Turnout was 69.4%.",
     ["The vote is on 18.11.2022 in Astana.", "Turnout was 69.4%."]),
    ("He paused... then answered. Really?! Yes!!! Fine…",
     ["He paused... then answered.", "Really?!", "Yes!!!", "Fine…"]),
    ("He paused... Then he answered.", ["He paused...", "Then he answered."]),
    ('"Stop." Then he left.', ['"Stop."', "Then he left."]),
    ("“Will you come?” she asked. “No.” He left.",
     ["“Will you come?” she asked.", "“No.”", "He left."]),
    ("(See the report.) Next sentence.", ["(See the report.)", "Next sentence."]),
    ("It ended in 2019. In 2020 it began again.", ["It ended in 2019.", "In 2020 it began again."]),
    ("Troops came (from Russia.) Then they left.",
     ["Troops came (from Russia.)", "Then they left."]),
    ("Meet at 5 p.m. tomorrow.", ["Meet at 5 p.m. tomorrow."]),
    ("No terminal punctuation", ["No terminal punctuation"]),
    ("Headline\n\nFirst line. Second.", ["Headline", "First line.", "Second."]),
    ("Apples, pears etc. We ate them all.", ["Apples, pears etc.", "We ate them all."]),
]

RUSSIAN = [
    ("Заседание перенесли на 18.11.2022 г. из-за праздника. Все согласились.",
     ["Заседание перенесли на 18.11.2022 г. из-за праздника.", "Все согласились."]),
    ("Цены выросли на 3,5%, т.е. немного. Так сказал министр.",
     ["Цены выросли на 3,5%, т.е. немного.", "Так сказал министр."]),
    ("В 1990-х гг. многие уехали и т.д. Затем вернулись.",
     ["В 1990-х гг. многие уехали и т.д.", "Затем вернулись."]),
    ("Это было в 2022 г. Потом всё изменилось.",
     ["Это было в 2022 г.", "Потом всё изменилось."]),
    ("Библиотека им. Абая на ул. Достык открыта. Вход свободный.",
     ["Библиотека им. Абая на ул. Достык открыта.", "Вход свободный."]),
    ("Н.А. Назарбаев руководил страной. Его сменил К.-Ж. Токаев.",
     ["Н.А. Назарбаев руководил страной.", "Его сменил К.-Ж. Токаев."]),
    ("«Это так?» — спросил он. «Да!» Все замолчали.",
     ["«Это так?» — спросил он.", "«Да!»", "Все замолчали."]),
    ("Он помолчал... затем ответил. Вопрос закрыт?! Нет.",
     ["Он помолчал... затем ответил.", "Вопрос закрыт?!", "Нет."]),
    ("«Мы не допустим беспорядков», — сказал министр. Журналисты ушли.",
     ["«Мы не допустим беспорядков», — сказал министр.", "Журналисты ушли."]),
    ("Г-н Токаев и г-жа Назарбаева прибыли. Встреча началась.",
     ["Г-н Токаев и г-жа Назарбаева прибыли.", "Встреча началась."]),
]

KAZAKH = [
    ("Қ. Тоқаев мәлімдеді. Сайлау өтті.", ["Қ. Тоқаев мәлімдеді.", "Сайлау өтті."]),
    ("Н.Ә. Назарбаев отставкаға кетті. Тоқаев президент болды.",
     ["Н.Ә. Назарбаев отставкаға кетті.", "Тоқаев президент болды."]),
    ("Жиналыс 2022 ж. өтті. Бағалар 3,5 пайызға өсті.",
     ["Жиналыс 2022 ж. өтті.", "Бағалар 3,5 пайызға өсті."]),
    ("«Біз жол бермейміз», – деді министр. Иә!",
     ["«Біз жол бермейміз», – деді министр.", "Иә!"]),
    ("Әуежайға баратын жол осы ма? Иә, көпірден солға бұрылыңыз!",
     ["Әуежайға баратын жол осы ма?", "Иә, көпірден солға бұрылыңыз!"]),
    ("Ол біраз үндемей тұрды... содан кейін жауап берді.",
     ["Ол біраз үндемей тұрды... содан кейін жауап берді."]),
    ("Абай көш. 5 үйде тұрады. Мысалы, біз.", ["Абай көш. 5 үйде тұрады.", "Мысалы, біз."]),
]


@pytest.mark.parametrize("text,expected", ENGLISH)
def test_english(text, expected):
    assert split_sentences(text, "en") == expected


@pytest.mark.parametrize("text,expected", RUSSIAN)
def test_russian(text, expected):
    assert split_sentences(text, "ru") == expected


@pytest.mark.parametrize("text,expected", KAZAKH)
def test_kazakh(text, expected):
    assert split_sentences(text, "kk") == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\t \n "])
def test_empty_and_whitespace_text_has_no_sentences(text):
    assert split_sentences(text, "en") == []


def test_spans_point_at_the_sentences_in_the_original_text():
    text = "  One. Two!\n\n Three?  "
    assert [text[a:b] for a, b in sentence_spans(text, "en")] == ["One.", "Two!", "Three?"]


@pytest.mark.parametrize("text", [
    "  Leading and trailing.  ", "One.  Two.\n\n\tThree.\r\nFour.", "\n\nHeadline\n\nBody. More.\n",
    "", "   ", "No break", "Тоқаев.   Токаев.\u2028Tokayev."])
def test_layout_renders_back_to_the_original_text(text):
    layout = TextLayout(text, "kk")
    assert layout.render(layout.sentences) == text
    assert len(layout.gaps) == len(layout.sentences) + 1


def test_layout_puts_translations_where_the_sentences_were():
    layout = TextLayout("  A one. B two.\n\nC three.  ", "en")
    assert layout.render(["1", "2", "3"]) == "  1 2\n\n3  "


# Abbreviations that can end a sentence: the next word decides (a pronoun or article starts
# a new sentence; a name goes on with the same one).
ABBREVIATION_AT_SENTENCE_END = [
    ("en", "He moved to the U.S. The next day he left.",
     ["He moved to the U.S.", "The next day he left."]),
    ("en", "Sanctions hit the U.S. He said so.", ["Sanctions hit the U.S.", "He said so."]),
    ("en", "He works at Google Inc. He is happy.", ["He works at Google Inc.", "He is happy."]),
    ("en", "The U.S. Senate voted.", ["The U.S. Senate voted."]),
    ("en", "U.S. officials said so.", ["U.S. officials said so."]),
    ("en", "Apple Inc. Chief Executive Tim Cook spoke.",
     ["Apple Inc. Chief Executive Tim Cook spoke."]),
    ("ru", "Он живёт в г. Алматы. Потом уехал.", ["Он живёт в г. Алматы.", "Потом уехал."]),
    ("ru", "Это было в 2022 г. Потом всё изменилось.",
     ["Это было в 2022 г.", "Потом всё изменилось."]),
]


@pytest.mark.parametrize("lang,text,expected", ABBREVIATION_AT_SENTENCE_END)
def test_abbreviation_at_sentence_end(lang, text, expected):
    assert split_sentences(text, lang) == expected


def test_caption_in_brackets_without_full_stop_ends_its_sentence():
    text = "(file photo) The Kazakh authorities warned citizens."
    assert split_sentences(text, "en") == ["(file photo)", "The Kazakh authorities warned citizens."]
    text = "Election day. (file photo) Next came the vote."
    assert split_sentences(text, "en") == ["Election day.", "(file photo)", "Next came the vote."]


def test_brackets_inside_a_sentence_do_not_end_it():
    text = "The party (DVK) Leader spoke."
    assert split_sentences(text, "en") == [text]
