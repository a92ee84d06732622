// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using PhoneNumbers;

namespace DataGuard.Benchmarks;

/// <summary>
/// Showing one phone number in a response: bare libphonenumber Parse + Format(INTERNATIONAL) (the floor) against DataGuard's
/// mask (the path of a stored E.164 value), normalise-then-mask (the path of a value as written), and normalisation alone with
/// its own libphonenumber floor (Parse + IsValidNumber + Format(E164)).
/// </summary>
public class PhoneNumberBenchmark
{
    private readonly PhoneNumberUtil _util = PhoneNumberUtil.GetInstance();
    private ServiceProvider _services = null!;
    private IPhoneNumberNormalizer _normalizer = null!;
    private IPhoneNumberMasker _masker = null!;

    [Params("+919876543210", "098765 43210")]
    public string Input { get; set; } = "+919876543210";

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddDataGuard(dg => dg.AddPhoneNumbers(o => o.DefaultRegion = "IN"));
        _services = services.BuildServiceProvider();
        _normalizer = _services.GetRequiredService<IPhoneNumberNormalizer>();
        _masker = _services.GetRequiredService<IPhoneNumberMasker>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "libphonenumber Parse + Format(INTERNATIONAL)")]
    public string LibPhoneNumberFormat() => _util.Format(_util.Parse(Input, "IN"), PhoneNumberFormat.INTERNATIONAL);

    [Benchmark(Description = "DataGuard Mask")]
    public string? DataGuardMask() => _masker.Mask(Input);

    [Benchmark(Description = "DataGuard Normalize + Mask")]
    public string? DataGuardNormalizeAndMask() => _masker.Mask(_normalizer.Normalize(Input));

    [Benchmark(Description = "libphonenumber Parse + IsValidNumber + Format(E164)")]
    public string LibPhoneNumberValidate()
    {
        var number = _util.Parse(Input, "IN");
        return _util.IsValidNumber(number) ? _util.Format(number, PhoneNumberFormat.E164) : string.Empty;
    }

    [Benchmark(Description = "DataGuard Normalize")]
    public string DataGuardNormalize() => _normalizer.Normalize(Input);
}
