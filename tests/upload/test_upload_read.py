"""Reading uploaded files: encodings, HTML main text, limits and the reasons for rejecting."""

import pytest

from meetings.services.readers import UploadRejected, upload_file_read, upload_text_read

TEXT = "Ministra portuguesa Ana Ribeiro e o ministro marroquino: cooperação, “hidrogénio verde” – 5 € café."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT),
        (TEXT.encode("utf-16"), TEXT),  # with its byte-order mark
        (TEXT.encode("utf-16-be").join([b"\xfe\xff", b""]), TEXT),
        (TEXT.encode("cp1252"), TEXT),
        (
            "Ministre français à Genève, réunion à l'ONU".encode("latin-1"),
            "Ministre français à Genève, réunion à l'ONU",
        ),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-be-bom", "cp1252", "latin-1"],
)
def test_text_in_each_accepted_encoding_is_decoded_correctly(data, expected):
    assert upload_file_read(name="a.txt", data=data).text == expected


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \r\n\t\n", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n", "not text: .png"),
        ("noext", b"hello", "not text: no extension"),
        ("binary.txt", b"\x00\x01\x02\x03binary", "NUL bytes"),
        ("utf16-no-bom.txt", "hello".encode("utf-16-le"), "UTF-16 without a byte-order mark"),
        ("controls.txt", b"abc\x1b[31mred\x07", "control characters"),
        ("undecodable.txt", b"caf\xc3\xa9 and \x81\x8d\x90 bytes", "undecodable"),
        ("mojibake.txt", "MinistÃ©rio dos NegÃ³cios".encode(), "garbled"),
        ("broken-utf16.txt", b"\xff\xfe\x00\xd8", "broken UTF-16"),
    ],
)
def test_bad_files_are_rejected_with_the_reason(name, data, reason):
    with pytest.raises(UploadRejected, match=reason):
        upload_file_read(name=name, data=data)


def test_a_file_over_the_size_limit_is_rejected_as_too_large(settings):
    settings.UPLOAD_MAX_BYTES = 100

    with pytest.raises(UploadRejected, match=r"too large: 101 bytes \(the limit is 100 bytes\)"):
        upload_file_read(name="big.txt", data=b"a" * 101)
    assert upload_file_read(name="ok.txt", data=b"a" * 100).text == "a" * 100


def test_pasted_text_over_the_limit_is_rejected(settings):
    settings.UPLOAD_MAX_BYTES = 10

    with pytest.raises(UploadRejected, match="too large"):
        upload_text_read(text="é" * 6)  # 12 bytes in UTF-8


def test_html_page_gives_its_main_text_without_navigation_and_with_its_metadata():
    html = """<!doctype html><html><head><meta charset="utf-8"><title>Talks in Rabat | Daily</title>
    <meta property="og:title" content="Ministers meet in Rabat">
    <meta property="og:site_name" content="The Daily Example">
    <meta property="article:published_time" content="2026-03-05T10:00:00Z"></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a> Subscribe now</nav>
    <article><h1>Ministers meet in Rabat</h1>
    <p>Portuguese Foreign Minister Ana Ribeiro met Moroccan Foreign Minister Karim Benali in Rabat on
    Wednesday for talks on migration and energy.</p>
    <p>"We are ready to build a corridor of green hydrogen," Ribeiro said after the meeting.</p></article>
    <footer>© The Daily Example. Cookie settings.</footer></body></html>"""

    article = upload_file_read(name="page.html", data=html.encode("utf-8"))

    assert "Ana Ribeiro met Moroccan Foreign Minister Karim Benali" in article.text
    assert "Subscribe now" not in article.text and "Cookie settings" not in article.text
    assert article.title == "Ministers meet in Rabat"
    assert article.source == "The Daily Example"
    assert str(article.published) == "2026-03-05"
    assert article.text.startswith("Title: Ministers meet in Rabat\nDate: 2026-03-05\n")


def test_html_page_without_main_text_is_rejected_as_empty():
    with pytest.raises(UploadRejected, match="no article text"):
        upload_file_read(
            name="empty.html",
            data=b"<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>",
        )


def test_html_page_whose_only_text_is_a_link_is_rejected_as_empty():
    page = b'<html><head><title>x</title></head><body><nav><a href="/">x</a></nav></body></html>'
    with pytest.raises(UploadRejected, match="empty: no article text"):
        upload_file_read(name="nav.html", data=page)


def test_a_short_html_article_is_read():
    body = (
        b"<p>The foreign ministers of Ghana and Peru met in Accra on Monday to discuss trade and cocoa.</p>"
    )
    article = upload_file_read(
        name="short.html", data=b"<html><body><article>" + body + b"</article></body></html>"
    )
    assert "ministers of Ghana and Peru met in Accra" in article.text


def test_pasted_text_carries_the_details_given_as_a_header():
    import datetime as dt

    article = upload_text_read(
        text="Body of the article.",
        title="Talks",
        source="Wire",
        url="https://example.com/a",
        published=dt.date(2026, 1, 2),
    )

    assert (
        article.text
        == "Title: Talks\nDate: 2026-01-02\nSource: Wire\nURL: https://example.com/a\n\nBody of the article."
    )
    assert article.title == "Talks" and article.published == dt.date(2026, 1, 2)
