// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PhoneNumbers;

namespace DataGuard.Benchmarks;

/// <summary>
/// Masking the phone numbers of a 2 KB call transcript (five numbers: Indian, US and British, international and national forms,
/// among dates, times, amounts and order ids): libphonenumber's FindNumbers (the baseline), a typical regular expression, and
/// DataGuard's ITextRedactor (which also masks e-mail addresses and card numbers).
/// </summary>
public class TextRedactionBenchmark
{
    private const string Region = "IN";

    private static readonly Regex Naive = new(@"\+?\d[\d\s\-().]{7,}\d", RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private ServiceProvider _services = null!;
    private ITextRedactor _redactor = null!;
    private IPhoneNumberMasker _masker = null!;
    private PhoneNumberUtil _util = null!;
    private string _transcript = string.Empty;

    /// <summary>Gets a 2 KB transcript with five phone numbers.</summary>
    public static string Transcript { get; } = BuildTranscript();

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.DefaultRegion = Region));
        _services = services.BuildServiceProvider();
        _masker = _services.GetRequiredService<IPhoneNumberMasker>();
        _redactor = _services.GetRequiredService<ITextRedactor>();
        _util = PhoneNumberUtil.GetInstance();
        _transcript = Transcript;
        if (ReferenceEquals(_redactor.Redact(_transcript, Region), _transcript))
        {
            throw new InvalidOperationException("The transcript must contain phone numbers.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "libphonenumber FindNumbers + replace")]
    public string LibPhoneNumberFindNumbers()
    {
        var builder = new StringBuilder(_transcript.Length);
        var read = 0;
        foreach (var match in _util.FindNumbers(_transcript, Region, PhoneNumberUtil.Leniency.VALID, long.MaxValue))
        {
            builder.Append(_transcript, read, match.Start - read);
            builder.Append(_masker.Mask(_util.Format(match.Number, PhoneNumberFormat.E164)));
            read = match.Start + match.Length;
        }

        return builder.Append(_transcript, read, _transcript.Length - read).ToString();
    }

    [Benchmark(Description = "naive Regex.Replace")]
    public string NaiveRegex() => Naive.Replace(_transcript, "\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022");

    [Benchmark(Description = "DataGuard ITextRedactor")]
    public string DataGuard() => _redactor.Redact(_transcript, Region)!;

    private static string BuildTranscript()
    {
        string[] lines =
        [
            "[00:00:03] Agent: Thank you for calling Acme Telecom, this call is recorded on 2024-05-12 at 10:30 for quality purposes.",
            "[00:00:09] Caller: Hi, I am calling about order ORD-2024-000123, ticket #884213, the bill of ₹1,250.00 looks wrong.",
            "[00:00:17] Agent: I can help. Can you confirm the registered mobile number on the account please?",
            "[00:00:24] Caller: Sure, it is +91 98765 43210, and my old landline is disconnected now, so please do not use it.",
            "[00:00:35] Agent: Thanks. I see a second number, 098765-43210, is that also yours? It was added on 12/05/2024.",
            "[00:00:44] Caller: Yes, that is my wife's. My brother in New Jersey sometimes calls for me from +1 (201) 555-0123.",
            "[00:00:55] Agent: Noted. The charge of $ 1,234.56 was a roaming pack, version 2.10.3 of the plan, activated at 14:45.",
            "[00:01:07] Caller: I was in London in March, my hotel number there was +44 20 7946 0958, room 1204, guest id 20240312.",
            "[00:01:18] Agent: Understood. I will raise a dispute for 1,234 rupees; reference INC0012345678 will reach you by SMS.",
            "[00:01:29] Caller: Please also e-mail me; and update my account to the new number 98765 43211 from 2024-06-01 onwards.",
            "[00:01:40] Agent: Done. Anything else? Our office at 192.168.10.254 is not reachable, so the update may take 24-48 hours.",
            "[00:01:52] Caller: No, that is all. Actually, one more thing: the app keeps logging me out every few minutes since the update.",
            "[00:02:03] Agent: I am sorry about that. Could you tell me which phone model you use and whether you installed the latest update?",
            "[00:02:15] Caller: It is a fairly new phone, bought last year, and yes, the update installed automatically two days ago.",
            "[00:02:26] Agent: Thank you. Please clear the app cache, sign in again, and if it keeps happening our technical team will call you back.",
            "[00:02:38] Caller: Alright, I will try that tonight. Thanks for your help, have a good day.",
            "[00:02:44] Agent: You are welcome. Before you go, would you like to rate this call? It helps us improve our service for every customer.",
            "[00:02:52] Caller: Sure, the call was helpful and quick, thank you very much, goodbye.",
        ];
        var text = string.Join('\n', lines);
        if (text.Length < 2048)
        {
            throw new InvalidOperationException("The transcript lines must add up to 2 KB.");
        }

        return text[..2048];
    }
}
