// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DataGuard.EFCore.Auditing;

/// <summary>
/// The three audit tables as mapped in one model (delimited names, columns, type mappings) and the SQL built from them, cached as a
/// runtime annotation of the record entity type.
/// </summary>
internal sealed class AuditTables
{
    /// <summary>The name of the records table.</summary>
    public const string RecordTableName = "DataGuardAuditRecords";

    /// <summary>The name of the subjects table.</summary>
    public const string SubjectTableName = "DataGuardAuditSubjects";

    /// <summary>The name of the stream heads table.</summary>
    public const string StreamTableName = "DataGuardAuditStreams";

    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The record columns written by an insert, in order (every property but the identity key).</summary>
    public static readonly string[] RecordColumnOrder =
    [
        nameof(DataGuardAuditRecordEntity.Stream), nameof(DataGuardAuditRecordEntity.Sequence), nameof(DataGuardAuditRecordEntity.TimestampMicros),
        nameof(DataGuardAuditRecordEntity.Action), nameof(DataGuardAuditRecordEntity.Outcome), nameof(DataGuardAuditRecordEntity.ActorId),
        nameof(DataGuardAuditRecordEntity.ActorRoles), nameof(DataGuardAuditRecordEntity.ClientId), nameof(DataGuardAuditRecordEntity.TenantId),
        nameof(DataGuardAuditRecordEntity.Resource), nameof(DataGuardAuditRecordEntity.ResourceId), nameof(DataGuardAuditRecordEntity.Purpose),
        nameof(DataGuardAuditRecordEntity.Reason), nameof(DataGuardAuditRecordEntity.TraceId), nameof(DataGuardAuditRecordEntity.RemoteAddress),
        nameof(DataGuardAuditRecordEntity.Count), nameof(DataGuardAuditRecordEntity.Properties), nameof(DataGuardAuditRecordEntity.Subjects),
        nameof(DataGuardAuditRecordEntity.PreviousHash), nameof(DataGuardAuditRecordEntity.Hash), nameof(DataGuardAuditRecordEntity.KeyId),
    ];

    private AuditTables(IModel model, ISqlGenerationHelper sql)
    {
        var records = model.FindEntityType(typeof(DataGuardAuditRecordEntity))!;
        var subjects = model.FindEntityType(typeof(DataGuardAuditSubjectEntity))!;
        var streams = model.FindEntityType(typeof(DataGuardAuditStreamEntity))!;

        var recordTable = StoreObjectIdentifier.Table(records.GetTableName()!, records.GetSchema());
        RecordsName = sql.DelimitIdentifier(recordTable.Name, recordTable.Schema);
        RecordProperties = new IProperty[RecordColumnOrder.Length];
        var insert = new StringBuilder("INSERT INTO ").Append(RecordsName).Append(" (");
        for (var i = 0; i < RecordColumnOrder.Length; i++)
        {
            RecordProperties[i] = records.FindProperty(RecordColumnOrder[i])!;
            insert.Append(i == 0 ? string.Empty : ", ").Append(sql.DelimitIdentifier(RecordProperties[i].GetColumnName(recordTable)!));
        }

        RecordInsertPrefix = insert.Append(") VALUES ").ToString();
        RecordIdColumn = sql.DelimitIdentifier(records.FindProperty(nameof(DataGuardAuditRecordEntity.Id))!.GetColumnName(recordTable)!);
        RecordSequenceColumn = sql.DelimitIdentifier(records.FindProperty(nameof(DataGuardAuditRecordEntity.Sequence))!.GetColumnName(recordTable)!);
        RecordStreamColumn = sql.DelimitIdentifier(records.FindProperty(nameof(DataGuardAuditRecordEntity.Stream))!.GetColumnName(recordTable)!);

        var subjectTable = StoreObjectIdentifier.Table(subjects.GetTableName()!, subjects.GetSchema());
        SubjectHash = subjects.FindProperty(nameof(DataGuardAuditSubjectEntity.SubjectHash))!;
        SubjectRecordId = subjects.FindProperty(nameof(DataGuardAuditSubjectEntity.RecordId))!;
        SubjectInsertPrefix = new StringBuilder("INSERT INTO ").Append(sql.DelimitIdentifier(subjectTable.Name, subjectTable.Schema)).Append(" (")
            .Append(sql.DelimitIdentifier(SubjectHash.GetColumnName(subjectTable)!)).Append(", ")
            .Append(sql.DelimitIdentifier(SubjectRecordId.GetColumnName(subjectTable)!)).Append(") VALUES ").ToString();

        var streamTable = StoreObjectIdentifier.Table(streams.GetTableName()!, streams.GetSchema());
        HeadStream = streams.FindProperty(nameof(DataGuardAuditStreamEntity.Stream))!;
        HeadSequence = streams.FindProperty(nameof(DataGuardAuditStreamEntity.Sequence))!;
        HeadHash = streams.FindProperty(nameof(DataGuardAuditStreamEntity.Hash))!;
        HeadsName = sql.DelimitIdentifier(streamTable.Name, streamTable.Schema);
        HeadStreamColumn = sql.DelimitIdentifier(HeadStream.GetColumnName(streamTable)!);
        HeadSequenceColumn = sql.DelimitIdentifier(HeadSequence.GetColumnName(streamTable)!);
        HeadHashColumn = sql.DelimitIdentifier(HeadHash.GetColumnName(streamTable)!);
        TableNames = [RecordsName, sql.DelimitIdentifier(subjectTable.Name, subjectTable.Schema), HeadsName];
    }

    public string RecordsName { get; }

    public IProperty[] RecordProperties { get; }

    public string RecordInsertPrefix { get; }

    public string RecordIdColumn { get; }

    public string RecordSequenceColumn { get; }

    public string RecordStreamColumn { get; }

    public IProperty SubjectHash { get; }

    public IProperty SubjectRecordId { get; }

    public string SubjectInsertPrefix { get; }

    public string HeadsName { get; }

    public IProperty HeadStream { get; }

    public IProperty HeadSequence { get; }

    public IProperty HeadHash { get; }

    public string HeadStreamColumn { get; }

    public string HeadSequenceColumn { get; }

    public string HeadHashColumn { get; }

    /// <summary>Gets the delimited names of the three tables.</summary>
    public IReadOnlyList<string> TableNames { get; }

    /// <summary>Whether <paramref name="model"/> holds the audit tables (<c>modelBuilder.AddDataGuard()</c>).</summary>
    public static bool IsMapped(IModel model) => model.FindEntityType(typeof(DataGuardAuditRecordEntity)) is not null;

    public static AuditTables For(DbContext context)
    {
        var entityType = context.Model.FindEntityType(typeof(DataGuardAuditRecordEntity))
            ?? throw new InvalidOperationException(
                $"{context.GetType().Name} stores DataGuard's audit trail but its model has no {RecordTableName} table. "
                + "Call modelBuilder.AddDataGuard() in OnModelCreating, then add a migration.");
        var provider = context.Database.ProviderName;
        if (provider is not (SqliteProvider or NpgsqlProvider))
        {
            throw new NotSupportedException(
                $"The DataGuard audit store creates stream heads with INSERT ... ON CONFLICT DO NOTHING, which {provider ?? "this provider"} does not support. "
                + "Supported providers: SQLite and PostgreSQL.");
        }

        var sql = context.GetService<ISqlGenerationHelper>();
        return entityType.GetOrAddRuntimeAnnotationValue(AuditAnnotationNames.AuditTables, static s => new AuditTables(s.Model, s.Sql), (context.Model, Sql: sql));
    }
}
