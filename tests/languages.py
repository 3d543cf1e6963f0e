"""Hand-written Spanish and German mentions, and small clients whose mentions are in them.

The sentences were written for these tests (customer-service messages to an airline or a shop,
short as social media text is); none is copied from a data set. `spanish_client` builds a
client folder from the example client northwind-outdoor's ecosystem and posts with mentions in
Spanish (no labels), `mixed_client` one with English and Spanish mentions.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "client_data" / "northwind-outdoor"

SPANISH = (
    "El vuelo salió con tres horas de retraso y nadie nos dio una explicación.",
    "Muchas gracias por la atención, el personal fue muy amable.",
    "No puedo creer que perdieron mi maleta otra vez.",
    "¿Alguien sabe si hay wifi en los aviones nuevos?",
    "Excelente servicio, volveré a comprar con ustedes sin duda.",
    "Llevo una hora esperando en el teléfono y nadie contesta.",
    "El asiento estaba roto y la comida fría, qué vergüenza.",
    "Por favor, necesito cambiar la fecha de mi pedido.",
    "La tripulación fue encantadora durante todo el viaje.",
    "Me cobraron dos veces la misma compra.",
    "Sin palabras, el peor servicio al cliente que he visto.",
    "Hoy llegó el paquete a tiempo, todo perfecto.",
    "¿Por qué cancelaron mi pedido de las botas?",
    "Gracias por resolver mi problema tan rápido.",
    "No me dejaron devolver la chaqueta en la tienda.",
    "La aplicación no funciona desde ayer, no puedo pagar.",
    "Qué bonitas las tiendas nuevas del centro.",
    "Tengo que hacer una reclamación, ¿dónde la envío?",
    "El precio subió cincuenta euros en una semana.",
    "Buena tienda, aunque el café de la entrada estaba malísimo.",
    "Estoy muy decepcionado con la empresa.",
    "Las botas nuevas son muy cómodas para la montaña.",
    "Nos dejaron esperando en la caja media hora sin explicación.",
    "La dependienta nos ayudó a elegir la mochila, muy atenta.",
    "No hay nadie en el mostrador de atención al cliente.",
    "Quiero saber el estado de mi reembolso, por favor.",
    "Me encanta comprar con ustedes, siempre puntuales.",
    "Otra vez retraso en el envío, ya es la tercera vez este mes.",
    "¿Puedo llevar a mi perro a la tienda?",
    "La entrega fue un caos total.",
)

GERMAN = (
    "Der Flug hatte drei Stunden Verspätung und niemand hat uns informiert.",
    "Vielen Dank für die schnelle Hilfe, das Personal war sehr freundlich.",
    "Mein Koffer ist schon wieder verloren gegangen.",
    "Weiß jemand, ob es in den neuen Flugzeugen WLAN gibt?",
    "Hervorragender Service, ich kaufe gerne wieder bei euch.",
    "Ich warte seit einer Stunde in der Hotline und keiner geht ran.",
    "Der Sitz war kaputt und das Essen kalt, echt peinlich.",
    "Bitte, ich muss das Datum meiner Bestellung ändern.",
    "Die Crew war während des ganzen Fluges wunderbar.",
    "Mir wurde der Einkauf zweimal berechnet.",
    "Der schlechteste Kundenservice, den ich je erlebt habe.",
    "Heute kam das Paket pünktlich an, alles super.",
    "Warum wurde meine Bestellung der Stiefel storniert?",
    "Danke, dass ihr mein Problem so schnell gelöst habt.",
    "Ich durfte die Jacke im Laden nicht zurückgeben.",
    "Die App funktioniert seit gestern nicht, ich kann nicht bezahlen.",
    "Was für schöne neue Läden in der Innenstadt.",
    "Ich möchte mich beschweren, wohin soll ich das schicken?",
    "Der Preis ist in einer Woche um fünfzig Euro gestiegen.",
    "Guter Laden, aber der Kaffee am Eingang war furchtbar.",
    "Ich bin sehr enttäuscht von der Firma.",
    "Die neuen Stiefel sind sehr bequem für die Berge.",
    "Wir mussten eine halbe Stunde an der Kasse warten.",
    "Die Verkäuferin hat uns bei der Wahl des Rucksacks geholfen, sehr aufmerksam.",
    "Am Kundenschalter ist niemand.",
    "Ich möchte den Stand meiner Erstattung wissen, bitte.",
    "Ich liebe es, bei euch einzukaufen, immer pünktlich.",
    "Schon wieder Verspätung beim Versand, das dritte Mal in diesem Monat.",
    "Darf ich meinen Hund mit in den Laden nehmen?",
    "Die Lieferung war ein totales Chaos.",
)


def _copy_example(root: Path, slug: str, name: str, *, language: str = "") -> Path:
    """The example client's ecosystem, posts and client.yaml (2026-Q3 against 2026-Q2)."""
    folder = root / slug
    folder.mkdir(parents=True)
    for table in ("ecosystem.csv", "posts.csv"):
        shutil.copy(EXAMPLE / table, folder / table)
    yaml = f'name: "{name}"\nperiod: "2026-Q3"\nbaseline: "2026-Q2"\nbrand: "{slug}"\n'
    (folder / "client.yaml").write_text(
        yaml + (f"language: {language}\n" if language else ""), encoding="utf-8"
    )
    return folder


def _mentions(texts: list[tuple[str, str]], slug: str, seed: int) -> pd.DataFrame:
    """Mentions of (text, language) on the example's components, half in each quarter."""
    rng = random.Random(seed)
    components = list(pd.read_csv(EXAMPLE / "ecosystem.csv")["component_id"][:3])
    rows = []
    for i, (text, code) in enumerate(texts):
        start = dt.date(2026, 4, 1) if i % 2 == 0 else dt.date(2026, 7, 1)
        day = start + dt.timedelta(days=rng.randrange(90))
        rows.append(
            {
                "mention_id": f"m{i + 1:04d}",
                "published_at": f"{day.isoformat()}T{rng.randrange(8, 20):02d}:00:00",
                "text": text,
                "component_id": rng.choice(components),
                "author": f"@person{rng.randrange(60)}",
                "brand": slug,
                "written_in": code,
            }
        )
    return pd.DataFrame(rows)


def spanish_client(root: Path, slug: str = "tienda", *, n: int = 240, stated: str = "") -> Path:
    """A client whose `n` mentions are the Spanish sentences (repeated), no labels."""
    folder = _copy_example(root, slug, "Tienda Montaña", language=stated)
    texts = [(SPANISH[i % len(SPANISH)], "es") for i in range(n)]
    _mentions(texts, slug, 7).drop(columns="written_in").to_csv(
        folder / "mentions.csv", index=False
    )
    return folder


ENGLISH = (
    "Great boots, they kept my feet dry all weekend. Love them!",
    "Terrible service at the store today, nobody helped us.",
    "The new jacket is fine, nothing special.",
    "Awesome hiking trip with my Northwind tent, thank you!",
    "My order arrived broken and support never answered. Very disappointed.",
    "Does the store in town open on Sundays?",
    "Happy with the quick delivery and the friendly staff.",
    "Worst return process ever, I waited three weeks for a refund.",
)


def mixed_client(root: Path, slug: str = "mixta", *, english: int = 200, spanish: int = 30):
    """A client with `english` English mentions and `spanish` Spanish ones (interleaved), and
    the table of which is which (`written_in`)."""
    folder = _copy_example(root, slug, "Mixta Outdoor")
    texts = [(ENGLISH[i % len(ENGLISH)], "en") for i in range(english)]
    texts += [(SPANISH[i % len(SPANISH)], "es") for i in range(spanish)]
    random.Random(3).shuffle(texts)
    table = _mentions(texts, slug, 11)
    table.drop(columns="written_in").to_csv(folder / "mentions.csv", index=False)
    return folder, table
