"""Scoring and advice: theme scores, strengths, aandachtspunten, direction; edge cases."""

from __future__ import annotations

import json
import logging

import pytest

from assistant.scan import session as flow
from assistant.scan.definition import WEET_NIET
from assistant.scan.result import ScanResult
from assistant.scan.scoring import advise, round_score, score
from tests.scan.samples import WORRIED, filled


def extreme(definition, best: bool, **unscored: str) -> dict[str, str]:
    """Per question the best (or worst) scoring option; ``unscored`` for the others."""
    answers = {}
    for question in definition.questions():
        scored = [o for o in question.opties if o.score is not None]
        if scored:
            pick = max if best else min
            answers[question.id] = pick(scored, key=lambda o: o.score).waarde
        else:
            answers[question.id] = unscored[question.id]
    return answers


def result_for(definition, answers, **kwargs) -> ScanResult:
    return score(definition, filled(definition, answers, **kwargs))


def test_all_weet_niet_gives_no_scores_and_no_division_by_zero(definition):
    result = result_for(definition, {})
    assert all(t.status == "weet_niet" and t.score is None for t in result.themas)
    assert all(t.uitleg == definition.teksten.geen_score.weet_niet for t in result.themas)
    assert result.gemiddelde is None
    assert result.sterktes == [] and result.aandachtspunten == []
    assert result.richting is None
    assert definition.teksten.weinig_antwoorden in result.opmerkingen
    assert definition.teksten.richting_onbekend not in result.opmerkingen  # the report says it
    assert not result.adviseur_aanbevolen


def test_all_top_scores(definition):
    answers = extreme(definition, True, amb_groei="flink", ond_toekomst="uitbouwen")
    result = result_for(definition, answers)
    assert {t.score for t in result.themas} == {5.0}
    assert {t.band for t in result.themas} == {"hoog"}
    assert result.gemiddelde == 5.0
    assert len(result.sterktes) == definition.drempels.max_sterktes
    assert result.sterktes[0].thema == definition.themas[0].id  # ties keep the file order
    assert result.aandachtspunten == []
    assert result.richting.id == "versnellen"
    assert result.signalen == [] and not result.adviseur_aanbevolen
    assert result.opmerkingen == []


def test_all_top_scores_without_growth_ambition_is_groeien(definition):
    answers = extreme(definition, True, amb_groei="stabiel", ond_toekomst="zo_houden")
    result = result_for(definition, answers)
    assert result.richting.id == "groeien"
    assert result.richting.reden == definition.regels[-1].reden


def test_all_lowest_scores(definition):
    answers = extreme(definition, False, amb_groei="stabiel", ond_toekomst="zo_houden")
    result = result_for(definition, answers)
    assert {t.score for t in result.themas} == {1.0}
    assert result.sterktes == []
    assert result.richting.id == "hervormen"
    points = [p.id for p in result.aandachtspunten]
    assert len(points) == definition.drempels.max_aandachtspunten
    # prioriteit 1 first (arrears, "het is zwaar"), then the lowest score by file order
    assert points[:2] == ["achterstanden", "zorg_voor_jezelf"]
    assert len({p.thema for p in result.aandachtspunten}) == len(points)  # one per theme
    assert {s.vraag_id for s in result.signalen} == {"fin_achterstand", "ond_energie"}
    assert result.adviseur_aanbevolen


def test_theme_score_is_the_mean_of_counting_answers(definition):
    answers = {"fin_inzicht": "ja", "fin_buffer": "deels", "fin_achterstand": "klein"}
    result = result_for(definition, answers)
    financien = result.theme("financien")
    assert financien.score == round_score((5 + 3 + 2) / 3) == 3.3
    assert financien.band == "midden" and financien.band_naam == "Op weg"
    assert financien.uitleg == definition.theme("financien").samenvatting["midden"]
    assert [a.antwoord for a in financien.antwoorden] == ["Ja", "Een beetje", "Een paar kleine"]


def test_weet_niet_does_not_count_but_is_listed(definition):
    result = result_for(definition, {"fin_inzicht": "nee", "fin_buffer": WEET_NIET})
    financien = result.theme("financien")
    assert financien.score == 1.0
    assert [a.antwoord for a in financien.antwoorden] == ["Nee", "Weet ik niet", "Weet ik niet"]


def test_skipped_themes(definition):
    result = result_for(definition, WORRIED, skip=("financien", "innovatie"))
    for theme_id in ("financien", "innovatie"):
        theme = result.theme(theme_id)
        assert theme.status == "overgeslagen" and theme.score is None
        assert theme.uitleg == definition.teksten.geen_score.overgeslagen
    assert all(p.thema not in ("financien", "innovatie") for p in result.aandachtspunten)
    assert result.gemiddelde is not None


def test_every_theme_skipped(definition):
    state = flow.start(definition)
    for theme in definition.themas:
        state = flow.skip_theme(definition, state, theme.id)
    assert flow.is_finished(definition, state)
    result = score(definition, state)
    assert {t.status for t in result.themas} == {"overgeslagen"}
    assert result.richting is None and result.gemiddelde is None


def test_not_applicable_when_only_unscored_answers(definition):
    result = result_for(definition, {"pers_bezetting": "geen_personeel"}, modus="kort")
    assert result.theme("personeel").status == "niet_van_toepassing"
    assert definition.teksten.korte_scan in result.opmerkingen


def test_unanswered_theme_is_niet_gevraagd(definition):
    result = score(definition, flow.start(definition))
    assert {t.status for t in result.themas} == {"niet_gevraagd"}


@pytest.mark.parametrize("toekomst", ["stoppen", "overdragen"])
def test_stopping_wins_over_good_scores(definition, toekomst):
    answers = extreme(definition, True, amb_groei="flink", ond_toekomst=toekomst)
    result = result_for(definition, answers)
    assert result.richting.id == "stoppen"
    assert "overdracht_voorbereiden" in [p.id for p in result.aandachtspunten]
    assert result.adviseur_aanbevolen


def test_direction_hervormen_by_low_average(definition):
    answers = extreme(definition, False, amb_groei="stabiel", ond_toekomst="zo_houden")
    answers.update(fin_inzicht="ja", fin_buffer="ja", fin_achterstand="nee")  # money is fine
    result = result_for(definition, answers)
    assert result.theme("financien").score == 5.0
    assert result.richting.id == "hervormen"
    assert result.richting.reden == definition.regels[2].reden


def test_direction_vernieuwen_when_innovation_lags(definition):
    answers = extreme(definition, True, amb_groei="beetje", ond_toekomst="zo_houden")
    answers.update(inn_nieuw="nee", inn_ruimte="nee")
    result = result_for(definition, answers)
    assert result.richting.id == "vernieuwen"
    assert "innovatie" in result.richting.reden
    assert [p.id for p in result.aandachtspunten] == ["ideeen_proberen"]


def test_direction_needs_enough_scored_themes(definition):
    answers = {"fin_inzicht": "ja", "amb_doel": "ja"}  # two themes with a score
    assert result_for(definition, answers).richting is None
    answers["mkt_klanten"] = "ja"
    assert result_for(definition, answers).richting.id == "groeien"


def test_answer_conditions_apply_whatever_the_theme_score(definition):
    answers = extreme(definition, True, amb_groei="beetje", ond_toekomst="zo_houden")
    answers["dig_veilig"] = "deels"  # digitalisering still scores well
    result = result_for(definition, answers)
    assert result.theme("digitalisering").score >= 4
    assert [p.id for p in result.aandachtspunten] == ["cyberveilig"]
    point = result.aandachtspunten[0]
    assert point.thema_ids == ["digitalisering"]  # inherited from the theme
    assert [o.id for o in point.organisaties] == ["digitale_werkplaats", "onderwijs"]


def test_round_score_is_half_up():
    assert round_score(3.25) == 3.3
    assert round_score(2.35) == 2.4
    assert round_score(10 / 3) == 3.3
    assert round_score(1) == 1.0


def test_result_is_json_serialisable(definition):
    result = result_for(definition, WORRIED)
    again = ScanResult.model_validate(json.loads(json.dumps(result.model_dump(mode="json"))))
    assert again == result


# ------------------------------------------------------------------------------ advise


def test_advise_asks_per_aandachtspunt_and_shows_each_regeling_once(definition):
    result = result_for(definition, WORRIED)
    calls = []

    def find(thema_ids, profile):
        calls.append((thema_ids, profile))
        return [{"id": "gedeeld", "naam": "Gedeelde regeling"},
                *({"id": f"r-{t}", "naam": f"Regeling {t}"} for t in thema_ids),
                {"id": "extra", "naam": "Nog een"}]

    advised = advise(result, find, {"regio": "flevoland"}, limit=2)
    assert calls == [(p.thema_ids, {"regio": "flevoland"}) for p in result.aandachtspunten]
    first, second = advised.aandachtspunten[:2]
    assert [r["id"] for r in first.regelingen] == ["gedeeld", f"r-{first.thema_ids[0]}"]
    assert "gedeeld" not in [r["id"] for r in second.regelingen]
    assert all(len(p.regelingen) <= 2 for p in advised.aandachtspunten)
    assert result.aandachtspunten[0].regelingen == []  # the input is left alone


def test_advise_survives_a_failing_lookup(definition, caplog):
    result = result_for(definition, WORRIED)

    def broken(thema_ids, profile):
        raise RuntimeError("kennisbank weg")

    with caplog.at_level(logging.WARNING, logger="assistant.scan.scoring"):
        advised = advise(result, broken, limit=3)
    assert [p.regelingen for p in advised.aandachtspunten] == [[]] * len(result.aandachtspunten)
    assert "find_regelingen failed" in caplog.text


def test_advise_ignores_junk_and_uses_the_default_limit(definition):
    result = result_for(definition, WORRIED)
    many = [None, "tekst", *({"naam": f"R{i}"} for i in range(10))]
    advised = advise(result, lambda ids, profile: many)
    limit = definition.drempels.max_regelingen
    assert [r["naam"] for r in advised.aandachtspunten[0].regelingen] == [
        f"R{i}" for i in range(limit)]
