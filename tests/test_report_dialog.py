"""The Z report shown after a closing, on the Pi's small screen: its foot (the totals) can be
reached and the dialog left by taps alone (a finger cannot scroll a terminal's text)."""

from guest_support import guest_app, guest_config, pilot_test

from screens.volunteers.dialogs import ReportDialog

LINES = [f"ligne {n:02}" for n in range(1, 61)] + ["Total général 1 234,00 €"]


@pilot_test
async def test_a_long_report_keeps_done_on_screen_and_pages_down_to_its_totals(tmp_path):
    app = guest_app(tmp_path, guest_config())
    async with app.run_test(size=(80, 24)) as pilot:
        closed = []
        app.push_screen(ReportDialog("\n".join(LINES), "Service clôturé"), closed.append)
        await pilot.pause()
        for button in ("#done", "#page-down", "#page-up"):
            region = app.screen.query_one(button).region
            assert region.bottom <= 24 and region.right <= 80, f"{button} is off screen"
        report = app.screen.query_one("#report-text")
        assert report.scroll_y == 0
        for _ in range(5):
            await pilot.click("#page-down")
            await pilot.pause(0.25)  # a button takes no second press within 0.2 s
        assert report.scroll_y == report.max_scroll_y > 0  # the totals' line is reached
        await pilot.click("#page-up")
        await pilot.pause()
        assert report.scroll_y < report.max_scroll_y
        await pilot.click("#done")
        await pilot.pause()
        assert closed == [None] and not isinstance(app.screen, ReportDialog)


@pilot_test
async def test_the_footer_shown_over_a_dialog_is_the_dialog_s_and_answers_a_tap(tmp_path):
    """Finding F9: "f3 Retour" showed under the Z report and did nothing when tapped (it was
    the footer of the screen beneath). The dialog's own footer says Done and does it."""
    from textual.widgets._footer import FooterKey

    app = guest_app(tmp_path, guest_config())
    async with app.run_test(size=(80, 24)) as pilot:
        closed = []
        app.push_screen(ReportDialog("\n".join(LINES), "Service clôturé"), closed.append)
        await pilot.pause()
        [key] = [k for k in app.screen.query(FooterKey) if k.key == "f3"]
        assert key.region.bottom == 24 and key.description == "Terminé"
        await pilot.click(key)
        await pilot.pause()
        assert closed == [None] and not isinstance(app.screen, ReportDialog)
