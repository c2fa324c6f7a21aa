"""The words themselves: counts follow each language's plural rule, and what the kiosk says fits
the guest it says it to."""

from datetime import date

from guest_support import guest_app, on_screen, pilot_test, text_of

from kiosk.books.closing import close_service
from kiosk.books.export import Period, read_documents
from kiosk.books.report import manager_view, summary
from kiosk.books.tally import Thresholds
from kiosk.ledger.book import Ledger
from kiosk.ledger.entries import Visit
from kiosk.settings.i18n import catalogues, words_for


def test_a_count_follows_the_languages_plural_rule():
    french, english = words_for("fr"), words_for("en")
    assert [french.count("manager.days", n) for n in (0, 1, 2)] == [
        "0 jour de service", "1 jour de service", "2 jours de service"]  # French: 0 is singular
    assert [english.count("manager.days", n) for n in (0, 1, 2)] == [
        "0 service days", "1 service day", "2 service days"]
    assert french.count("pin.minutes", 1) == "1 minute" and french.count("pin.minutes", 4) == (
        "4 minutes")


def test_every_counted_sentence_has_its_one_and_other_form_in_every_language():
    for catalogue in catalogues().values():
        for key in catalogue.texts:
            if key.endswith("_one"):
                assert key.removesuffix("_one") + "_other" in catalogue.texts, key


def test_one_service_day_is_not_one_days(tmp_path, fixed_clock):
    ledger = Ledger(tmp_path / "ledger", clock=fixed_clock)
    ledger.append(Visit("eat", 1300, "cash"))
    close_service(ledger, {"500": 2, "200": 1, "100": 1}, 0, "")
    day = date(2026, 11, 21)
    view = manager_view(read_documents(ledger.folder, Period(day, day)), Period(day, day),
                        Thresholds())
    assert summary(view, words_for("fr")).startswith("Comptes : 1 jour de service (1 clôturé)")
    assert summary(view, words_for("en")).startswith("Accounts: 1 service day (1 closed)")


@pilot_test
async def test_a_guest_who_only_cooks_is_thanked_for_cooking_not_wished_a_good_meal(tmp_path):
    app = guest_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.click("#role-cook")
        await pilot.pause()
        await pilot.click("#skip-all")
        await pilot.pause()
        assert on_screen(app) == "ThanksScreen"
        assert "Bon appétit" not in text_of(app, "#goodbye")
        assert "cuisine" in text_of(app, "#goodbye")
    eater = guest_app(tmp_path / "eater")
    async with eater.run_test(size=(80, 24)) as pilot:
        await pilot.click("#start")
        await pilot.click("#role-eat")
        await pilot.pause()
        await pilot.click("#preset-0")
        await pilot.pause()
        await pilot.click("#skip-all")
        await pilot.pause()
        assert on_screen(eater) == "ThanksScreen"
        assert "Bon appétit" in text_of(eater, "#goodbye")


def test_the_english_welcome_does_not_say_the_price_is_free():
    """"Free" reads as "free of charge": prix libre is a price the guest chooses."""
    english = words_for("en")("welcome.explain")
    assert "free" not in english.lower() and "choose" in english
