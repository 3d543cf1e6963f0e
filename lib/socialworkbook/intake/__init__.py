"""Intake: a client folder read, validated and written back (CONTRACT.md section 1).

Holds `client.yaml` reading (`config`), the CSV and xlsx readers (`csv_reader`, `xlsx_reader`)
into raw tables of strings (`raw`), their normalisation and checks (`normalise`), the located
problems they report (`problems`), the whole folder read into a `model.Client` (`folder`),
pseudonyms for personal data (`pseudonym`), saving an edited table (`editing`), the starter
folder of a new client (`scaffold`), the days each dated table covers (`coverage`), the
platforms' export formats (`exports`) and their import into a client's tables (`importing`,
`socialworkbook import`). May import only the shared base (`errors`, `vocab`, `periods`,
`paths`, `storage`, `model`); every later stage may import it.
What these modules share (`problems.problem`, `raw.RawTable`, ...) is public in its module; the
names below are the reading API the rest of the kit and the command line call.
"""

from .config import config_values

# The folder reader pulls in pandas and the table readers: imported when first asked for, so that
# what only needs client.yaml (`socialworkbook list`) starts without them.
_FOLDER = (
    "check_client",
    "read_client",
    "read_client_folder",
    "read_client_to_edit",
    "read_raw_table",
    "table_source",
    "validate",
)


def __getattr__(name: str):
    if name in _FOLDER:
        from . import folder

        return getattr(folder, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [*_FOLDER, "config_values"]
