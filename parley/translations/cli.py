"""What `parley translate --check` does: try the configured machine translation on a fixed sentence."""

from __future__ import annotations

import time

import click

CHECK_SENTENCES = {
    "az": "Hər iki tərəf çayların ümumi sərvət olduğu ilə razılaşır.",
    "hy": "Երկու կողմերն էլ համաձայն են, որ գետերը ընդհանուր հարստություն են։",
    "ru": "Обе стороны согласны, что реки — общее богатство.",
    "en": "Both sides agree that the rivers are a shared wealth.",
}


def check(source: str, target: str) -> int:
    """Translate the fixed sentence in SOURCE into TARGET with the configured backend and print what
    happened; the exit status (Django is set up by the caller)."""
    from django.conf import settings

    from parley.lang.translate import TranslationError
    from parley.translations.machine import configured_backend

    try:
        backend = configured_backend()
        if backend is None:
            click.echo(
                f"Machine translation is off (PARLEY_TRANSLATION_BACKEND={settings.TRANSLATION_BACKEND or 'none'}); "
                "see docs/configuration.md.",
                err=True,
            )
            return 1
        status = backend.check()
        started = time.monotonic()
        result = backend.translate(CHECK_SENTENCES[source], source, target)
    except TranslationError as error:
        click.echo(f"Machine translation failed ({settings.TRANSLATION_BACKEND}): {error}", err=True)
        return 1
    click.echo(status)
    click.echo(f"backend: {result.backend}")
    click.echo(f"model:   {result.model or '(the server does not say)'}")
    if result.pivot:
        click.echo(f"pivot:   {result.pivot}")
    click.echo(f"{source}: {CHECK_SENTENCES[source]}")
    click.echo(f"{target}: {result.text}")
    click.echo(f"({time.monotonic() - started:.1f} s)")
    if result.backend == "demo":
        click.echo("This is the demo backend: it labels the original text and translates nothing.")
    return 0
