"""The printer's problems as the volunteers read them: every problem the printer can report has a
sentence in every catalogue, filled with what the printer said, never its English."""

import re

import pytest

from kiosk.settings.i18n import words_for
from kiosk.settings.printer_words import outcome_in_words, problem_in_words, state_in_words
from printer.connection import SENTENCES, PrinterUnavailable
from printer.service import PrinterState, PrintOutcome, UnprintedReceipt

VALUES = {"where": "the printer at 192.168.1.50:9100", "timeout": "3", "group": "lp",
          "reason": "Input/output error", "profile": "TM-T88II", "codepage": "CP858",
          "connection": "none"}
# Problems of the print queue itself, beside those of the printer.
QUEUE_PROBLEMS = ("damaged", "expired", "gone")


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("code", [*SENTENCES, *QUEUE_PROBLEMS])
def test_every_printer_problem_is_said_in_the_volunteers_language(language, code):
    words = words_for(language)
    english = SENTENCES.get(code, "").format(**VALUES)
    said = problem_in_words(words, code, VALUES, english or "(the printer's words)")
    assert said != english and said != "(the printer's words)"
    assert not re.search(r"\{\w+\}", said)  # every value the sentence names was given
    if language == "fr":
        assert "the printer" not in said and "printer at" not in said


def test_a_problem_the_catalogues_do_not_know_is_said_in_general_words_never_in_english():
    # The printer's own English goes to the log (printer/service.py), never to a screen.
    said = problem_in_words(words_for("fr"), "brand_new", {}, "it caught fire")
    assert said == words_for("fr")("forms.printer_other")
    assert problem_in_words(words_for("fr"), "", {}, "the printer is out of paper") == (
        words_for("fr")("forms.printer_paper"))


def test_the_panel_and_an_outcome_speak_french():
    problem = PrinterUnavailable("paper_out_mid_job", sent=True, **VALUES)

    class Printer:
        def state(self):
            return PrinterState("failing", str(problem), 2, "x", problem.code,
                                dict(problem.values), 3,
                                (UnprintedReceipt("a.json", "4", "12:00", "5,00 €"),), True)

    assert state_in_words(Printer(), words_for("fr")).splitlines() == [
        "Imprimante : en panne — le papier s'est fini pendant une impression, qui sera refaite"
        " · 2 en attente dans la file",
        "Le rouleau de papier est bientôt fini.",
        "3 travaux illisibles mis de côté dans print-queue/damaged/.",
        "1 reçu a trop attendu l'imprimante : imprimez-le si son convive le demande.",
    ]
    outcome = PrintOutcome("queued", str(problem), problem.code, dict(problem.values))
    assert outcome_in_words(words_for("fr"), outcome) == (
        "Imprimante : mis en file d'attente — le papier s'est fini pendant une impression, qui "
        "sera refaite")
