"""What is longer than its box on the Pi's 800x480 screen (80x24) is paged by taps: the manager's
impact report and the tally's survey answers, as the Z report is (tests/test_report_dialog.py).
A finger cannot scroll a terminal's text; the ▲ ▼ buttons stay whole on screen, and the tally's
sentence about the survey wraps instead of being cut."""

from test_volunteer_snapshots import a_busy_service
from test_volunteers import PIN, PIN_HASH
from volunteers_support import RecordingPrinter, drive, in_a_browser, open_in_area, settle

from kiosk.ledger.entries import Visit
from kiosk.settings.pin_store import save_pin_hash
from screens.app import make_app

PI = (80, 24)


async def page_to_the_foot(pilot, box, down: str) -> None:
    """Tap ▼ until the box shows its last line (at most 20 taps)."""
    for _ in range(20):
        if box.scroll_y >= box.max_scroll_y:
            return
        await pilot.click(down)
        await pilot.pause(0.25)  # past the button's own flash


def whole_on_screen(app, selector: str) -> bool:
    region = app.screen.query_one(selector).region
    return region.height > 0 and region.bottom <= PI[1] and region.right <= PI[0]


@drive
async def test_the_manager_pages_the_impact_report_to_its_last_line_by_taps(tmp_path,
                                                                           monkeypatch):
    in_a_browser(monkeypatch)  # no keyboard: taps only
    app = a_busy_service(tmp_path, RecordingPrinter())
    async with app.run_test(size=PI) as pilot:
        await open_in_area(pilot, PIN, "e")
        await settle(pilot)
        box = app.screen.query_one("#figures-box")
        assert box.max_scroll_y > 0  # the report is longer than its box here
        for button in ("#figures-pages-up", "#figures-pages-down", "#back"):
            assert whole_on_screen(app, button), button
        await page_to_the_foot(pilot, box, "#figures-pages-down")
        assert box.scroll_y == box.max_scroll_y
        await pilot.click("#figures-pages-up")
        await pilot.pause()
        assert box.scroll_y < box.max_scroll_y


@drive
async def test_the_tally_pages_its_survey_answers_by_taps(tmp_path, monkeypatch):
    in_a_browser(monkeypatch)
    app = a_busy_service(tmp_path, RecordingPrinter())
    async with app.run_test(size=PI) as pilot:
        await open_in_area(pilot, PIN, "t")
        right = app.screen.query_one("#right")
        assert right.max_scroll_y > 0
        assert whole_on_screen(app, "#right-pages-up") and whole_on_screen(app, "#right-pages-down")
        await page_to_the_foot(pilot, right, "#right-pages-down")
        assert right.scroll_y == right.max_scroll_y
        last = app.screen.query_one("#answers")
        assert last.region.bottom <= right.region.bottom  # the last answer in sight


@drive
async def test_the_tally_s_sentence_about_the_survey_is_whole(tmp_path):
    save_pin_hash(tmp_path, PIN_HASH)
    app = make_app(tmp_path, printer=RecordingPrinter())
    app.ledger.append(Visit("eat", 1300, "cash"))
    for size in (PI, (85, 26)):  # the Pi, a 1280x800 tablet
        async with app.run_test(size=size) as pilot:
            await open_in_area(pilot, PIN, "t")
            sentence = app.screen.query_one("#no-answers")
            said = " ".join(str(sentence.render()).split())
            assert said.startswith("Les réponses au questionnaire")
            assert said.endswith("une par une.")
            right = app.screen.query_one("#right")
            assert sentence.region.right <= right.region.right
            # Whole: wrapped on its lines within its column, or reached by paging.
            assert sentence.region.height == len(sentence.render().wrap(sentence.size.width))
        app = make_app(tmp_path, printer=RecordingPrinter())


@drive
async def test_a_long_service_s_corrections_and_cash_movements_are_paged_by_taps(tmp_path,
                                                                               monkeypatch):
    """Forty visits and twelve movements: the first ones, at the foot of the lists on the Pi's
    screen, are reached by ▼ and can be chosen by a tap."""
    from kiosk.ledger.entries import CashMovement

    in_a_browser(monkeypatch)
    app = a_busy_service(tmp_path, RecordingPrinter())
    for number in range(40):
        app.ledger.append(Visit("eat", 100 + number, "cash"))
    for number in range(12):
        app.ledger.append(CashMovement("in", 100 + number, "monnaie"))
    async with app.run_test(size=PI) as pilot:
        for key, table in (("c", "#visits"), ("m", "#movements")):
            await open_in_area(pilot, PIN, key)
            listed = app.screen.query_one(table)
            assert listed.max_scroll_y > 0
            assert whole_on_screen(app, f"{table}-pages-up")
            assert whole_on_screen(app, f"{table}-pages-down")
            await page_to_the_foot(pilot, listed, f"{table}-pages-down")
            assert listed.scroll_y == listed.max_scroll_y
            app.reset_to_welcome()
            await settle(pilot)
