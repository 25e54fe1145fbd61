"""Commands for co-chairs and watchers that need no server: keys, signatures, a witness."""

from __future__ import annotations

import base64
from pathlib import Path

import click

from parley.record import keys


@click.group("keys")
def keys_group() -> None:
    """Make and inspect your own Ed25519 signing key (co-chairs)."""


@keys_group.command("new")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--passphrase",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    default="",
    help="Encrypts the key file; empty for none.",
)
def keys_new(out: Path, passphrase: str) -> None:
    """Write a new private key to OUT (PEM) and print the public key to register on the Signing page."""
    if out.exists():
        raise click.ClickException(f"{out} exists; choose another file name (an old key is never overwritten).")
    key = keys.generate_private_key()
    out.write_bytes(keys.private_key_to_pem(key, passphrase or None))
    out.chmod(0o600)
    raw = keys.public_key_raw(key)
    click.echo(f"Private key written to {out} (keep it safe; it never goes to the server).")
    click.echo(f"Public key (register it): {keys.public_key_to_b64url(raw)}")
    click.echo(f"Fingerprint: {keys.fingerprint(raw)}")


@click.command("sign")
@click.argument("key_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("body_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--passphrase", default="", help="The key file's passphrase, if it has one (prompted when needed).")
def sign(key_file: Path, body_file: Path, passphrase: str) -> None:
    """Sign a checkpoint's text or a joint statement's canonical.json and print the signature to paste back."""
    data = key_file.read_bytes()
    try:
        key = keys.private_key_from_pem(data, passphrase or None)
    except keys.PassphraseError:
        key = keys.private_key_from_pem(data, click.prompt("Passphrase", hide_input=True))
    except keys.KeyFormatError as error:
        raise click.ClickException(str(error)) from None
    click.echo(base64.b64encode(keys.sign(key, body_file.read_bytes())).decode("ascii"))


@click.command("witness")
@click.argument("url")
@click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where the witness keeps what it saw (default: PARLEY_DATA_DIR/witness.json).",
)
@click.option("--follow", is_flag=True, help="Keep watching: check again every --interval seconds.")
@click.option("--interval", type=click.IntRange(10, 86400), default=300, show_default=True)
def witness(url: str, state_file: Path | None, follow: bool, interval: int) -> None:
    """Check a dialogue's checkpoints on a server (URL of its page) against what this witness saw.

    Exit 0 when every checkpoint is signed and consistent with history seen before; exit 3 with
    an ALARM when the history forked or was rewritten; exit 2 when the server cannot be read.
    """
    import time

    from parley.paths import data_dir
    from parley.record.witness import Alarm, WitnessError, check_once

    state = state_file or data_dir() / "witness.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    while True:
        try:
            report = check_once(url, state)
        except Alarm as alarm:
            click.echo(f"ALARM: {alarm}", err=True)
            raise SystemExit(3) from None
        except WitnessError as error:
            click.echo(f"error: {error}", err=True)
            raise SystemExit(2) from None
        click.echo(
            f"{report.origin}: {len(report.checked)} checkpoints consistent; the record has at least "
            f"{report.tree_size} entries."
        )
        if not follow:
            return
        time.sleep(interval)
