// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataGuard.Telemetry;

/// <summary>
/// The engine's instruments, created once per service provider from <see cref="IMeterFactory"/>.
/// </summary>
internal sealed class DataGuardMetrics
{
    public const string OperationTag = "dataguard.operation";
    public const string OutcomeTag = "dataguard.outcome";

    public DataGuardMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(DataGuardDiagnostics.MeterName);
        CryptoOperations = meter.CreateCounter<long>(
            "dataguard.crypto.operations",
            unit: "{operation}",
            description: "Encryptions, decryptions and key operations performed by DataGuard.");
        KeyRingRefreshes = meter.CreateCounter<long>(
            "dataguard.keyring.refreshes",
            unit: "{refresh}",
            description: "Reloads of the key ring from its store.");
    }

    public Counter<long> CryptoOperations { get; }

    public Counter<long> KeyRingRefreshes { get; }

    public void RecordCrypto(string operation, string outcome)
    {
        if (CryptoOperations.Enabled)
        {
            CryptoOperations.Add(1, new TagList { { OperationTag, operation }, { OutcomeTag, outcome } });
        }
    }
}
