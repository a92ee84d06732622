// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;

namespace DataGuard;

/// <summary>
/// The head of one audit stream at a moment: exported outside the database (a log line, a file), it lets a later verification detect a
/// truncated tail or a rewritten chain.
/// </summary>
/// <param name="Stream">The stream.</param>
/// <param name="Sequence">The sequence number of the head record (the stream's record count); 0 for an empty stream.</param>
/// <param name="HeadHash">The hash of the head record, or <see langword="null"/> for an empty stream.</param>
/// <param name="CreatedAt">When the checkpoint was taken.</param>
public sealed record AuditCheckpoint(string Stream, long Sequence, string? HeadHash, DateTimeOffset CreatedAt);
