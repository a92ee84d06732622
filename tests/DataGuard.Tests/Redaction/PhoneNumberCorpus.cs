// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Text;

namespace DataGuard.Tests.Redaction;

/// <summary>
/// The labelled corpus: sentences per region in which every phone number is marked <c>[[...]]</c> (the exact span a redactor must
/// find), and decoy sentences (dates, times, amounts, ids, failing card numbers, IP addresses, versions, years) that hold none.
/// Every labelled number is valid for libphonenumber (checked by a test); decoys are read with every region.
/// </summary>
public static class PhoneNumberCorpus
{
    public static readonly string[] Regions = ["IN", "PK", "UZ", "US", "GB", "CA", "DE", "KE"];

    /// <summary>Positive sentences: region, text with marked numbers.</summary>
    public static readonly (string Region, string Text)[] Positives =
    [
        ("IN", "Customer called from [[+91 98765 43210]] about the refund."),
        ("IN", "Alternate number [[098765-43210]], call after 6."),
        ("IN", "Reach me at [[98765 43210]] or by e-mail."),
        ("IN", "Landline [[011 2345 6789]] (Delhi office)."),
        ("IN", "Ph: [[+91-80-2345-6789]]"),
        ("IN", "Number is [[9876543210]]."),
        ("IN", "WhatsApp [[+91.98765.43210]] please"),
        ("IN", "International caller [[0091 98765 43210]] dropped."),
        ("IN", "(call [[(+91) 98765 43211]])"),
        ("IN", "On 12/05/2024 [[9876543210]] called at 10:30 about ₹1,250.00."),
        ("IN", "Numbers: [[98765 43210]], [[91234 56789]] and [[080 2345 6789]]."),
        ("IN", "Tel:[[+91 98765 43210]]/[[+91 98765 43211]]"),
        ("IN", "https://example.com/call?phone=[[+919876543210]]&lang=hi"),
        ("IN", "Booked on 2024-05-12 10:30 by [[9876543210]] for 2 guests."),
        ("PK", "Caller [[+92 300 1234567]] asked for a callback."),
        ("PK", "Mobile [[0300-1234567]] is switched off."),
        ("PK", "Try [[0300 1234567]] tomorrow."),
        ("PK", "Lahore office [[(042) 3576 1234]]."),
        ("PK", "Fax: [[042-35761234]]"),
        ("PK", "New SIM [[+92.321.7654321]]"),
        ("UZ", "Mijoz [[+998 90 123 45 67]] qo'ng'iroq qildi."),
        ("UZ", "Local [[90 123 45 67]] answered."),
        ("UZ", "SMS from [[+998-90-123-45-67]]."),
        ("UZ", "Office [[(90) 123-45-67]] closed."),
        ("UZ", "Tashkent landline [[+998 71 123 45 67]]."),
        ("UZ", "Second line [[+998 (93) 555 12 34]]."),
        ("US", "Call [[(201) 555-0123]] before noon."),
        ("US", "Cell: [[201.555.0123]]"),
        ("US", "Voicemail left on [[201-555-0123]]."),
        ("US", "International form [[+1 201 555 0123]] works too."),
        ("US", "NYC desk [[+1 (212) 555-0199]]."),
        ("US", "Dial [[1-201-555-0123]] from a landline."),
        ("US", "Texted from [[+1.201.555.0123]] at 10:45."),
        ("GB", "Caller ID [[+44 20 7946 0958]]."),
        ("GB", "London office [[020 7946 0958]]."),
        ("GB", "Written as [[+44 (0)20 7946 0958]] on the form."),
        ("GB", "Mobile [[07911 123456]], evenings only."),
        ("GB", "Roaming on [[+44 7911 123456]]."),
        ("GB", "Switchboard [[020-7946-0958]]."),
        ("GB", "Manchester [[0161 496 0123]]."),
        ("US", "tel:[[+12015550123]]"),
        ("CA", "Toronto [[(416) 555-0123]]."),
        ("CA", "Call back [[416-555-0123]]."),
        ("CA", "From abroad [[+1 416 555 0123]]."),
        ("CA", "Vancouver [[604.555.0123]]."),
        ("CA", "Long distance [[1 (604) 555-0199]]."),
        ("DE", "Rückruf an [[+49 30 1234567]] erbeten."),
        ("DE", "Büro [[030/1234567]]."),
        ("DE", "Telefon [[030 1234567]]."),
        ("DE", "Geschrieben [[+49 (0)30 1234567]]."),
        ("DE", "Handy [[0151 23456789]]."),
        ("DE", "Mobil international [[+49 151 23456789]]."),
        ("DE", "München [[089-1234567]]."),
        ("DE", "Aus dem Ausland [[0049 89 1234567]]."),
        ("KE", "Customer [[+254 712 345678]] paid via M-Pesa."),
        ("KE", "Call [[0712 345678]] for delivery."),
        ("KE", "Rider [[0712-345-678]] is on the way."),
        ("KE", "Agent [[+254-712-345-678]]."),
        ("KE", "Nairobi office [[(020) 2345678]]."),
        ("KE", "Landline [[+254 20 2345678]]."),
        ("US", "login user_[[+16502530000]] failed"),
        ("US", "caller=[[+16502530000]]abc"),
        ("US", "GET /calls?to=[[6502530000]]&lang=en"),
        ("US", "file call_[[650-253-0000]]_20240512.wav"),
        ("US", "Arabic-Indic digits [[+١٦٥٠٢٥٣٠٠٠٠]] here."),
        ("US", "Full-width [[６５０-２５３-００００]] here."),
        ("US", "Thin spaces [[650\u2009253\u20090000]] and [[+1\u00A0650\u202F253\u202F0001]]."),
        ("IN", "Devanagari [[९८७६५ ४३२१०]] ok."),
    ];

    /// <summary>Decoy sentences: no phone number in any region.</summary>
    public static readonly string[] Decoys =
    [
        "Invoice dated 2024-05-12 was paid on 12/05/2024 and logged 12.05.2024.",
        "Meeting at 10:30, then again at 14:45:10 on 2024-05-12 10:30.",
        "Amount due ₹1,250.00 or $ 1,234.56 or €12.345,67 in total.",
        "Order ORD-2024-000123 and ticket #884213 shipped.",
        "Card-like 4111 1111 1111 1112 and 1234567812345678 were declined.",
        "Server 192.168.100.254 and 10.0.0.1 responded.",
        "Upgraded to version 10.0.19045.2965 and v2.10.3 last week.",
        "In 2023 and 2024 sales grew by 1998 units.",
        "ISBN 978-3-16-148410-0 is listed.",
        "Paid Rs. 9876543210 for the land.",
        "Paid 9876543210 rupees for the land.",
        "Order id 20240512000123 and tracking 1Z999AA10123456784.",
        "Coordinates 28.6139, 77.2090 and temperature 36.6.",
        "Build 2024.05.12.1 deployed; ticket INC0012345678 closed.",
        "Account 000123456789012345678901234 closed.",
        "Ratio 1/2/2024 and 3/4 cups.",
        "Balance: 12,34,56,789.00 INR",
        "Aadhaar 1234 5678 9012 verified.",
        "Paid $9,876,543,210 in total.",
        "PIN code 560001, call duration 00:12:45.",
        "See https://example.com/orders/9876543210 for details.",
        "Invoice INV-2026-0001 and ids x9876543210, 9876543210x, 9876543210abc.",
    ];

    /// <summary>Removes the markers of a sentence and returns the labelled spans.</summary>
    /// <param name="marked">The sentence with <c>[[...]]</c> markers.</param>
    /// <param name="spans">The spans of the labelled numbers in the returned text.</param>
    /// <returns>The text without markers.</returns>
    public static string Unmark(string marked, out List<(int Start, int End)> spans)
    {
        spans = [];
        var builder = new StringBuilder(marked.Length);
        var start = -1;
        for (var i = 0; i < marked.Length; i++)
        {
            if (i + 1 < marked.Length && marked[i] == '[' && marked[i + 1] == '[')
            {
                start = builder.Length;
                i++;
            }
            else if (i + 1 < marked.Length && marked[i] == ']' && marked[i + 1] == ']')
            {
                spans.Add((start, builder.Length));
                i++;
            }
            else
            {
                builder.Append(marked[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Gets every sample: each positive with its region, and each decoy with every region.</summary>
    /// <returns>The samples.</returns>
    public static IEnumerable<(string Region, string Text, List<(int Start, int End)> Spans)> Samples()
    {
        foreach (var (region, marked) in Positives)
        {
            var text = Unmark(marked, out var spans);
            yield return (region, text, spans);
        }

        foreach (var decoy in Decoys)
        {
            foreach (var region in Regions)
            {
                yield return (region, decoy, []);
            }
        }
    }
}
