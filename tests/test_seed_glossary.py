"""The seed article, name by name: every named entity found with the right id and span in
English, and nothing else anywhere in it.

The article (RFE/RL, 18 November 2022, "Kazakh Authorities Warn Of 'Repercussions' For
Rallies On Election Day") is the corpus the seed glossary was built from. It is embedded
here verbatim, typos included ("NOvemebr"), so the test does not depend on ../shared.
Besides the entities it names "Kazakh authorities", "the Central Asian nation", "Kazakh
citizens" and "the country": none of them is an entity, and the exact mention list below
proves none matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.glossary import Glossary

REPO = Path(__file__).resolve().parent.parent

ARTICLE = "\n\n".join([
    "Kazakh Authorities Warn Of 'Repercussions' For Rallies On Election Day",
    "The Kazakh Prosecutor-General's Office issued its warning on NOvemebr 18, two days ahead of the upcoming presidential election. (file photo)",
    "The Kazakh Prosecutor-General's Office issued its warning on NOvemebr 18, two days ahead of the upcoming presidential election. (file photo)",
    'ASTANA -- Kazakh authorities have warned citizens of the Central Asian nation against holding rallies on November 20 when voting will take place in an early presidential election.',
    'The Prosecutor-General\'s Office said in a statement on November 18 that "a banned group has been calling for illegal rallies and other illegal activities" on the day of the vote, adding that "those who follow such calls will face legal prosecution."',
    'The statement did not mention the group, but a day earlier, the Committee of National Security said it detained seven people suspected of planning "riots" during the presidential election, following online calls for action by exiled former banker Mukhtar Ablyazov, his Democratic Choice of Kazakhstan (DVK), and the Koshe (Street) Party, which are banned in the country as extremist.',
    'In recent days, Ablyazov has called on Kazakh citizens to hold mass protests on November 20 saying the vote is illegal as no real opposition candidates were allowed to take part in the contest against President Qasym-Zhomart Toqaev in the tightly controlled country.',
    'Meanwhile Kazakh authorities have detained dozens of opposition and human rights activists in efforts to ward off the possibility of such demonstrations.',
    'On November 18, a court in Almaty sentenced opposition activist Aigerim Tileuzhan to two months of house arrest for her role in unprecedented anti-government protests in January that were violently dispersed by police, leaving at least 238 people, including 19 law enforcement officers, dead.',
    'Toqaev faces five opponents whom he is expected to easily beat in the November 20 snap leadership vote where a newly introduced seven-year term is up for grabs.',
    'While he appears to be taking the election challengers lightly -- as evidenced by the fact that he sent a representative to the only televised debate among candidates last week -- opposition activists have been piling on pressure for an explanation of his decision to invite troops from the Russia-led Collective Security Treaty Organization (CSTO) to quell the January unrest, as well as his public "shoot to kill without warning" order.',
    "The unrest occurred after a peaceful demonstration in the western region of Manghystau on January 2 over a fuel price hike tapped into deep-seated resentment of the country's leadership, leading to widespread anti-government protests.",
    'Thousands of people were detained by officials during and after the protests, which Toqaev said were caused by "20,000 terrorists" from abroad, a claim for which authorities have provided no evidence.',
    'Human rights groups have provided evidence that peaceful demonstrators and people who had nothing to do with the protests were among those killed by law enforcement and military personnel.'
])

# Every mention in reading order: (entity id, surface as printed, default English canonical).
MENTIONS = [
    ("prosecutor-generals-office-kz", "Prosecutor-General's Office", "Prosecutor General's Office"),
    ("prosecutor-generals-office-kz", "Prosecutor-General's Office", "Prosecutor General's Office"),
    ("astana", "ASTANA", "ASTANA"),
    ("prosecutor-generals-office-kz", "Prosecutor-General's Office", "Prosecutor General's Office"),
    ("national-security-committee-kz", "Committee of National Security", "National Security Committee"),
    ("mukhtar-ablyazov", "Mukhtar Ablyazov", "Mukhtar Ablyazov"),
    ("democratic-choice-of-kazakhstan", "Democratic Choice of Kazakhstan",
     "Democratic Choice of Kazakhstan"),
    ("democratic-choice-of-kazakhstan", "DVK", "DVK"),
    ("koshe-party", "Koshe (Street) Party", "Koshe Party"),
    ("mukhtar-ablyazov", "Ablyazov", "Ablyazov"),
    ("kassym-jomart-tokayev", "Qasym-Zhomart Toqaev", "Kassym-Jomart Tokayev"),
    ("almaty", "Almaty", "Almaty"),
    ("aigerim-tileuzhan", "Aigerim Tileuzhan", "Aigerim Tileuzhan"),
    ("kassym-jomart-tokayev", "Toqaev", "Tokayev"),
    ("russia", "Russia", "Russia"),
    ("csto", "Collective Security Treaty Organization", "Collective Security Treaty Organization"),
    ("csto", "CSTO", "CSTO"),
    ("mangystau-region", "Manghystau", "Mangystau"),
    ("kassym-jomart-tokayev", "Toqaev", "Tokayev"),
]

NOT_ENTITIES = ["Kazakh authorities", "Central Asian nation", "Kazakh citizens",
                "in the country", "Human rights groups", "Kazakh Authorities Warn"]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load(REPO / "glossaries")


def _expected_spans() -> list[tuple[str, int, int, str]]:
    """Spans of MENTIONS found in reading order, each after the previous one."""
    spans, cursor = [], 0
    for entity_id, surface, _ in MENTIONS:
        start = ARTICLE.index(surface, cursor)
        spans.append((entity_id, start, start + len(surface), surface))
        cursor = start + len(surface)
    return spans


def test_every_name_in_the_article_is_found_with_its_id_and_span_and_nothing_else(glossary):
    found = [(m.id, m.start, m.end, m.surface) for m in glossary.normalize(ARTICLE, "en").entities]
    assert found == _expected_spans()


def test_each_mention_gets_the_official_english_canonical(glossary):
    result = glossary.normalize(ARTICLE, "en")
    assert [(m.id, m.canonical) for m in result.entities] == \
        [(entity_id, canonical) for entity_id, _, canonical in MENTIONS]
    assert "President Kassym-Jomart Tokayev in the tightly controlled country" in result.text
    assert "the western region of Mangystau on January 2" in result.text
    assert "Toqaev" not in result.text and "Manghystau" not in result.text


def test_rferl_style_keeps_the_articles_own_spellings(glossary):
    result = glossary.normalize(ARTICLE, "en", "rferl")
    assert [(m.id, m.start, m.end) for m in result.entities] == \
        [(entity_id, start, end) for entity_id, start, end, _ in _expected_spans()]
    assert result.text.count("Qasym-Zhomart Toqaev") == 1 and result.text.count("Toqaev") == 3
    assert "the western region of Manghystau on January 2" in result.text
    assert result.text.count("Committee of National Security") == 1


@pytest.mark.parametrize("phrase", NOT_ENTITIES)
def test_phrases_that_name_no_entity_are_left_alone(glossary, phrase):
    start = ARTICLE.index(phrase)
    end = start + len(phrase)
    result = glossary.normalize(ARTICLE, "en")
    assert not [m for m in result.entities if m.start < end and start < m.end], phrase
    assert glossary.normalize(phrase, "en").entities == []


@pytest.mark.parametrize("lang,text", [
    ("en", "Aida Tokayeva said the vote was fair."),    # a woman's surname is not Tokayev
    ("en", "Tokayevan Tokaevsky"),                      # longer words are not the name
    ("ru", "Токарев выступил."),
    ("en", "Madina Ablyazova said"),
    ("en", "the tightly controlled country's leadership"),
])
def test_look_alikes_of_article_names_do_not_match(glossary, lang, text):
    assert glossary.normalize(text, lang).entities == []


def test_offsets_index_the_input_text(glossary):
    for mention in glossary.normalize(ARTICLE, "en").entities:
        assert ARTICLE[mention.start:mention.end] == mention.surface
