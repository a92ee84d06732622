// Copyright (c) DataGuard contributors. Licensed under the MIT License.

namespace DataGuard;

/// <summary>The outcome of verifying (part of) one audit stream.</summary>
/// <param name="Stream">The stream verified.</param>
/// <param name="RecordsChecked">How many records were checked before the first failure (or in all, when the chain verified).</param>
/// <param name="Failure">Why verification failed, or <see cref="AuditChainFailure.None"/>.</param>
/// <param name="FirstBrokenSequence">The sequence number at which the chain first breaks, or <see langword="null"/> when it verified.</param>
/// <param name="Message">A human-readable explanation; never personal data.</param>
public sealed record AuditVerificationResult(string Stream, long RecordsChecked, AuditChainFailure Failure, long? FirstBrokenSequence, string Message)
{
    /// <summary>Gets a value indicating whether the chain verified.</summary>
    public bool IsValid => Failure == AuditChainFailure.None;
}
