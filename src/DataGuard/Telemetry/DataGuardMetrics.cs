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
    public const string RuleTag = "dataguard.audit.rule";

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
        AuditRecordsWritten = meter.CreateCounter<long>(
            "dataguard.audit.records_written",
            unit: "{record}",
            description: "Audit records appended to the trail.");
        AuditQueueLength = meter.CreateUpDownCounter<long>(
            "dataguard.audit.queue_length",
            unit: "{event}",
            description: "Audit events accepted into the buffer and not yet stored.");
        AuditFlushDuration = meter.CreateHistogram<double>(
            "dataguard.audit.flush_duration",
            unit: "ms",
            description: "Time taken to store one batch of buffered audit events, retries included.");
        AuditAnomalies = meter.CreateCounter<long>(
            "dataguard.audit.anomalies",
            unit: "{anomaly}",
            description: "Audit anomalies raised by the anomaly rules.");
    }

    public Counter<long> CryptoOperations { get; }

    public Counter<long> KeyRingRefreshes { get; }

    public Counter<long> AuditRecordsWritten { get; }

    public UpDownCounter<long> AuditQueueLength { get; }

    public Histogram<double> AuditFlushDuration { get; }

    public Counter<long> AuditAnomalies { get; }

    public void RecordCrypto(string operation, string outcome)
    {
        if (CryptoOperations.Enabled)
        {
            CryptoOperations.Add(1, new TagList { { OperationTag, operation }, { OutcomeTag, outcome } });
        }
    }

    public void RecordAuditAnomaly(string rule)
    {
        if (AuditAnomalies.Enabled)
        {
            AuditAnomalies.Add(1, new TagList { { RuleTag, rule } });
        }
    }
}
