"""Pages opened from files, with nothing from the network: the slides and nbgrader's feedback pages."""


def offline(context) -> tuple[list[str], list[str]]:
    """Abort every request of a Playwright browser ``context`` that is not for a file:// URL. Returns
    (files requested, other requests aborted): two lists that fill as its pages load."""
    files: list[str] = []
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            files.append(r.request.url)
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return files, blocked
