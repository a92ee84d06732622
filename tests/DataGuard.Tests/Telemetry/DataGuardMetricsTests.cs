// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using DataGuard.Telemetry;
using DataGuard.Tests.Encryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DataGuard.Tests.Telemetry;

public sealed class DataGuardMetricsTests
{
    private const string Sample = "+91 98765 43210";

    private static readonly string[] Operations = ["encrypt", "decrypt", "create_key", "destroy_key", "unwrap_key"];

    private static readonly string[] Outcomes =
    [
        "success", "failure", "authentication_failed", "key_not_found", "key_destroyed", "plaintext_rejected", "malformed_value",
        "key_unavailable", "unsupported_algorithm",
    ];

    [Fact]
    public async Task CryptoOperations_EncryptAndDecrypt_CountedWithOutcome()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        await using var other = await EncryptionHarness.CreateAsync();
        using var collector = Collect(harness, "dataguard.crypto.operations");
        var phone = harness.CreateProtector();
        var fax = harness.CreateProtector(column: "Fax");
        var blob = harness.CreateProtector(column: "Recording", valueType: typeof(byte[]));
        var pin = harness.CreateProtector(column: "Pin", valueType: typeof(int));

        var stored = phone.EncryptString(Sample);
        phone.DecryptString(stored);
        blob.DecryptBytes(blob.EncryptBytes([1, 2, 3]));
        pin.DecryptValue<int>(pin.EncryptValue(73519842));
        Assert.ThrowsAny<DataGuardCryptographicException>(() => fax.DecryptString(stored));
        Assert.ThrowsAny<DataGuardCryptographicException>(() => phone.DecryptString(Sample));
        Assert.ThrowsAny<DataGuardCryptographicException>(() => phone.DecryptString(other.CreateProtector().EncryptString(Sample)));

        var counts = Counts(collector);
        Assert.Equal(3, counts[("encrypt", "success")]);
        Assert.Equal(3, counts[("decrypt", "success")]);
        Assert.Equal(1, counts[("decrypt", "authentication_failed")]);
        Assert.Equal(1, counts[("decrypt", "plaintext_rejected")]);
        Assert.Equal(1, counts[("decrypt", "key_not_found")]);
        Assert.Equal(5, counts.Count);
        Assert.All(collector.GetMeasurementSnapshot(), m => Assert.Equal(1, m.Value));
    }

    [Fact]
    public async Task CryptoOperations_MalformedValue_CountedAsMalformed()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        using var collector = Collect(harness, "dataguard.crypto.operations");
        var phone = harness.CreateProtector();
        var stored = phone.EncryptString(Sample);

        Assert.Equal(CryptographicFailureReason.MalformedValue, Assert.ThrowsAny<DataGuardCryptographicException>(() => phone.DecryptString(stored[..30])).Reason);
        Assert.Equal(CryptographicFailureReason.MalformedValue, Assert.ThrowsAny<DataGuardCryptographicException>(() => phone.DecryptString(stored + "==")).Reason);

        var counts = Counts(collector);
        Assert.Equal(2, counts[("decrypt", "malformed_value")]);
        Assert.False(counts.ContainsKey(("decrypt", "success")));
    }

    [Fact]
    public async Task CryptoOperations_KeyOperations_CountedWithOutcome()
    {
        var time = new FakeTimeProvider();
        await using var harness = await EncryptionHarness.CreateAsync(initialize: false, time: time);
        using var collector = Collect(harness, "dataguard.crypto.operations");

        await harness.Manager.InitializeAsync();
        var protector = harness.CreateProtector();
        var stored = protector.EncryptString(Sample);
        var old = protector.ActiveKeyId;
        await harness.Manager.RotateDataKeyAsync();
        time.Advance(TimeSpan.FromMinutes(11));
        await harness.Manager.DestroyKeyAsync(old);
        Assert.Throws<DataGuardKeyDestroyedException>(() => protector.DecryptString(stored));

        var counts = Counts(collector);
        Assert.Equal(3, counts[("create_key", "success")]);
        Assert.Equal(1, counts[("destroy_key", "success")]);
        Assert.Equal(1, counts[("decrypt", "key_destroyed")]);
    }

    [Fact]
    public async Task CryptoOperations_UnwrapFailure_Counted()
    {
        await using var first = await EncryptionHarness.CreateAsync();
        await using var second = await EncryptionHarness.CreateAsync(store: first.Store, initialize: false);
        using var collector = Collect(second, "dataguard.crypto.operations");

        await Assert.ThrowsAsync<DataGuardCryptographicException>(() => second.Manager.InitializeAsync());

        Assert.Equal(1, Counts(collector)[("unwrap_key", "failure")]);
    }

    [Fact]
    public async Task CryptoOperations_Tags_OnlyOperationAndOutcomeNeverValues()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        using var collector = Collect(harness, "dataguard.crypto.operations");
        var phone = harness.CreateProtector();
        var fax = harness.CreateProtector(column: "Fax");
        var stored = phone.EncryptString(Sample);
        phone.DecryptString(stored);
        Assert.ThrowsAny<DataGuardCryptographicException>(() => fax.DecryptString(stored));
        Assert.ThrowsAny<DataGuardCryptographicException>(() => phone.DecryptString(Sample));
        Assert.ThrowsAny<DataGuardCryptographicException>(() => phone.DecryptString(stored[..^2]));

        var measurements = collector.GetMeasurementSnapshot();
        Assert.NotEmpty(measurements);
        foreach (var measurement in measurements)
        {
            Assert.Equal(
                [DataGuardMetrics.OperationTag, DataGuardMetrics.OutcomeTag],
                measurement.Tags.Keys.Order(StringComparer.Ordinal));
            Assert.Contains(Assert.IsType<string>(measurement.Tags[DataGuardMetrics.OperationTag]), Operations);
            Assert.Contains(Assert.IsType<string>(measurement.Tags[DataGuardMetrics.OutcomeTag]), Outcomes);
            foreach (var value in measurement.Tags.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty))
            {
                Assert.DoesNotContain("98765", value, StringComparison.Ordinal);
                Assert.DoesNotContain(stored[..8], value, StringComparison.Ordinal);
                Assert.DoesNotContain("Phone", value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task KeyRingRefreshes_EveryLoad_Counted()
    {
        await using var harness = await EncryptionHarness.CreateAsync(initialize: false);
        using var collector = Collect(harness, "dataguard.keyring.refreshes");

        await harness.Manager.InitializeAsync();
        await harness.Manager.RefreshAsync();
        await harness.Manager.RotateIndexKeyAsync();

        Assert.Equal(3, collector.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Meter_CreatedFromFactory_NamedDataGuard()
    {
        await using var harness = await EncryptionHarness.CreateAsync();
        var metrics = harness.Services.GetRequiredService<DataGuardMetrics>();

        Assert.Equal(DataGuardDiagnostics.MeterName, metrics.CryptoOperations.Meter.Name);
        Assert.Same(harness.Services.GetRequiredService<IMeterFactory>(), metrics.CryptoOperations.Meter.Scope);
        Assert.Equal("{operation}", metrics.CryptoOperations.Unit);
        Assert.Equal("dataguard.keyring.refreshes", metrics.KeyRingRefreshes.Name);
    }

    [Fact]
    public void RecordCrypto_NoListener_RecordsNothingAndDoesNotThrow()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new DataGuardMetrics(services.GetRequiredService<IMeterFactory>());

        Assert.False(metrics.CryptoOperations.Enabled);
        metrics.RecordCrypto("encrypt", "success");
    }

    private static MetricCollector<long> Collect(EncryptionHarness harness, string instrument)
        => new(harness.Services.GetRequiredService<IMeterFactory>(), DataGuardDiagnostics.MeterName, instrument);

    private static Dictionary<(string Operation, string Outcome), long> Counts(MetricCollector<long> collector)
        => collector.GetMeasurementSnapshot()
            .GroupBy(m => ((string)m.Tags[DataGuardMetrics.OperationTag]!, (string)m.Tags[DataGuardMetrics.OutcomeTag]!))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
}
