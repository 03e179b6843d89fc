using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Samtale.BrowserTests.Infrastructure;

/// <summary>
/// A phone photo as cameras write it: a JPEG with an EXIF APP1 segment that says where it was taken
/// (GPS IFD with latitude and longitude) and how to turn it (orientation 6, "rotate 90° clockwise").
/// Built here byte by byte, so the test knows exactly which bytes must not survive the upload.
/// </summary>
public static class GpsPhoto
{
    public const int Width = 64;
    public const int Height = 48;

    /// <summary>The colour the photo is filled with, to recognise it after the server re-encodes it.</summary>
    public static readonly SKColor Colour = new(0x2a, 0x7a, 0xb0);

    /// <summary>55° 40′ 34.56″ N, 12° 34′ 6.78″ E as EXIF rationals (numerator, denominator).</summary>
    private static readonly (uint, uint)[] Latitude = [(55, 1), (40, 1), (3456, 100)];
    private static readonly (uint, uint)[] Longitude = [(12, 1), (34, 1), (678, 100)];

    private const ushort Orientation = 0x0112;
    private const ushort GpsInfo = 0x8825;
    private const ushort Byte = 1, Ascii = 2, Short = 3, Long = 4, Rational = 5;

    public static byte[] Create()
    {
        using var bitmap = new SKBitmap(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(Colour);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        var jpeg = data.ToArray();

        // After SOI and the encoder's JFIF APP0, if any: the place readers look for EXIF.
        var at = 2;
        if (jpeg[2] == 0xFF && jpeg[3] == 0xE0)
        {
            at = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        }

        return [.. jpeg[..at], .. App1(), .. jpeg[at..]];
    }

    /// <summary>Every byte sequence that would give the position away, in either byte order.</summary>
    public static IEnumerable<(string What, byte[] Bytes)> Giveaways()
    {
        yield return ("the EXIF identifier", "Exif\0\0"u8.ToArray());
        yield return ("a big-endian TIFF header", "MM\0*"u8.ToArray());
        yield return ("a little-endian TIFF header", "II*\0"u8.ToArray());
        yield return ("the latitude (big-endian)", Rationals(Latitude, bigEndian: true));
        yield return ("the latitude (little-endian)", Rationals(Latitude, bigEndian: false));
        yield return ("the longitude (big-endian)", Rationals(Longitude, bigEndian: true));
        yield return ("the longitude (little-endian)", Rationals(Longitude, bigEndian: false));
    }

    /// <summary>The markers of a JPEG's header segments, up to the start of the scan.</summary>
    public static List<byte> SegmentMarkers(byte[] jpeg)
    {
        Assert.True(jpeg.Length > 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "Not a JPEG: no SOI marker.");
        var markers = new List<byte>();
        var at = 2;
        while (at + 4 <= jpeg.Length && jpeg[at] == 0xFF)
        {
            var marker = jpeg[at + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }

            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }

        return markers;
    }

    // APP1: "Exif\0\0" then a big-endian TIFF block. IFD0 holds Orientation and the pointer to the GPS IFD;
    // the GPS IFD holds GPSVersionID, GPSLatitudeRef, GPSLatitude, GPSLongitudeRef, GPSLongitude. Offsets
    // count from the TIFF header; IFD entries are 12 bytes, sorted by tag, values of 4 bytes or less inline.
    private static byte[] App1()
    {
        const int ifd0 = 8, ifd0Entries = 2;
        const int gps = ifd0 + 2 + (ifd0Entries * 12) + 4, gpsEntries = 5;
        const int latitude = gps + 2 + (gpsEntries * 12) + 4, longitude = latitude + 24;

        var tiff = new List<byte>();
        tiff.AddRange("MM\0*"u8.ToArray());
        tiff.AddRange(U32(ifd0));

        tiff.AddRange(U16(ifd0Entries));
        tiff.AddRange(Entry(Orientation, Short, 1, [0, 6, 0, 0]));
        tiff.AddRange(Entry(GpsInfo, Long, 1, U32(gps)));
        tiff.AddRange(U32(0));

        tiff.AddRange(U16(gpsEntries));
        tiff.AddRange(Entry(0x0000, Byte, 4, [2, 3, 0, 0]));
        tiff.AddRange(Entry(0x0001, Ascii, 2, [(byte)'N', 0, 0, 0]));
        tiff.AddRange(Entry(0x0002, Rational, 3, U32(latitude)));
        tiff.AddRange(Entry(0x0003, Ascii, 2, [(byte)'E', 0, 0, 0]));
        tiff.AddRange(Entry(0x0004, Rational, 3, U32(longitude)));
        tiff.AddRange(U32(0));

        Assert.Equal(latitude, tiff.Count);
        tiff.AddRange(Rationals(Latitude, bigEndian: true));
        tiff.AddRange(Rationals(Longitude, bigEndian: true));

        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).ToArray();
        return [0xFF, 0xE1, .. U16((ushort)(payload.Length + 2)), .. payload];
    }

    private static byte[] Entry(ushort tag, ushort type, uint count, byte[] value) => [.. U16(tag), .. U16(type), .. U32(count), .. value];

    private static byte[] Rationals((uint Numerator, uint Denominator)[] values, bool bigEndian)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * 8);
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(span, values[i].Numerator);
                BinaryPrimitives.WriteUInt32BigEndian(span[4..], values[i].Denominator);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span, values[i].Numerator);
                BinaryPrimitives.WriteUInt32LittleEndian(span[4..], values[i].Denominator);
            }
        }

        return bytes;
    }

    private static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];

    private static byte[] U32(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static byte[] U32(int value) => U32((uint)value);
}
