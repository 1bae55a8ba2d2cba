import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, declaredCharset, decodeBody } from '../../src/model/charset.ts';

describe('decodeBody', () => {
  it('decodes Latin-1 labels as windows-1252, as browsers do', () => {
    const body = Buffer.from([0x4c, 0x92, 0xe9, 0x74, 0xe9, 0x20, 0x80]); // L’été €
    expect(decodeBody(body, 'text/html; charset=iso-8859-1')).toEqual({ text: 'L’été €', charset: 'windows-1252' });
  });

  it('lets a byte order mark win over a wrong header, and strips it', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Données')]);
    expect(decodeBody(body, 'text/html; charset=iso-8859-1')).toEqual({ text: 'Données', charset: 'utf-8' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Été', 'utf-16le')]);
    expect(decodeBody(utf16, null)).toEqual({ text: 'Été', charset: 'utf-16le' });
  });

  it('prefers the header over the document, and skips unknown labels', () => {
    const body = Buffer.from('<meta charset="iso-8859-1"><p>été</p>');
    expect(decodeBody(body, 'text/html; charset="UTF-8"').text).toBe('<meta charset="iso-8859-1"><p>été</p>');
    expect(decodeBody(Buffer.from('<p>été</p>'), 'text/html; charset=x-inconnu')).toEqual({
      text: '<p>été</p>',
      charset: 'utf-8',
    });
  });

  it('trusts the bytes over a label they contradict', () => {
    const text = 'Apprenti(e) développeur(se) – l’équipe';
    expect(decodeBody(iconv.encode(text, 'windows-1252'), 'application/rss+xml; charset=utf-8')).toEqual({
      text,
      charset: 'windows-1252',
    });
    expect(decodeBody(iconv.encode(text, 'windows-1252'), null)).toEqual({ text, charset: 'windows-1252' });
    expect(decodeBody(Buffer.from(text), 'text/html; charset=ISO-8859-1')).toEqual({ text, charset: 'utf-8' });
    expect(decodeBody(Buffer.from(`<?xml version="1.0" encoding="windows-1252"?>${text}`), null).charset).toBe('utf-8');
  });

  it('keeps the label when the bytes do not say otherwise', () => {
    // Pure ASCII is the same in both; bytes windows-1252 leaves undefined are no windows-1252 text.
    expect(decodeBody(Buffer.from('<p>ete</p>'), 'text/html; charset=iso-8859-1').charset).toBe('windows-1252');
    const undefinedByte = Buffer.from([0x64, 0x81, 0x76]);
    expect(decodeBody(undefinedByte, 'text/html; charset=utf-8')).toEqual({ text: 'd\ufffdv', charset: 'utf-8' });
  });

  it('defaults to UTF-8', () => {
    expect(decodeBody(Buffer.from('<p>été</p>'), null)).toEqual({ text: '<p>été</p>', charset: 'utf-8' });
  });
});

describe('charset declarations', () => {
  it('reads the Content-Type parameter', () => {
    expect(charsetFromContentType('text/xml;charset=ISO-8859-15')).toBe('ISO-8859-15');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });

  it('reads the XML declaration and both meta forms', () => {
    expect(declaredCharset(Buffer.from("\n<?xml version='1.0' encoding='windows-1252' standalone='yes'?><rss/>"))).toBe(
      'windows-1252',
    );
    expect(declaredCharset(Buffer.from('<head><META CHARSET=latin1></head>'))).toBe('latin1');
    expect(
      declaredCharset(Buffer.from('<meta content="text/html; charset=ISO-8859-1" http-equiv="Content-Type" />')),
    ).toBe('ISO-8859-1');
    expect(declaredCharset(Buffer.from('<p>charset=latin1</p>'))).toBeNull();
  });
});
