// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using System;
using System.Linq;
using DataGuard.EFCore.Auditing;
using DataGuard.EFCore.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace DataGuard.EFCore.Tests.Auditing;

/// <summary>[DataSubject] and .IsDataSubject() end as the same annotation; unsupported types are refused when the model is built.</summary>
public sealed class DataSubjectConventionTests
{
    [Fact]
    public void AttributeAndFluent_BothMarkTheProperty()
    {
        using var db = ModelServices.CreateContext<AuditDbContext>(ModelServices.WithPhoneNumbers, "Data Source=:memory:");

        Assert.Equal(true, db.Model.FindEntityType(typeof(AuditedCaller))!.FindProperty(nameof(AuditedCaller.Number))!.FindAnnotation(AuditAnnotationNames.DataSubject)?.Value);
        Assert.Equal(true, db.Model.FindEntityType(typeof(AuditedNote))!.FindProperty(nameof(AuditedNote.CustomerId))!.FindAnnotation(AuditAnnotationNames.DataSubject)?.Value);
        Assert.Null(db.Model.FindEntityType(typeof(AuditedCaller))!.FindProperty(nameof(AuditedCaller.Name))!.FindAnnotation(AuditAnnotationNames.DataSubject));
    }

    [Fact]
    public void AuditedEntityIndex_HoldsTypesWithPersonalData_NeverDataGuardTables()
    {
        using var db = ModelServices.CreateContext<AuditDbContext>(ModelServices.WithPhoneNumbers, "Data Source=:memory:");
        var index = AuditedEntityIndex.For(db);

        Assert.NotNull(index.Find(db.Model.FindEntityType(typeof(AuditedCaller))!));
        Assert.NotNull(index.Find(db.Model.FindEntityType(typeof(AuditedNote))!));
        Assert.Null(index.Find(db.Model.FindEntityType(typeof(PlainEntry))!));
        Assert.Null(index.Find(db.Model.FindEntityType(typeof(DataGuardAuditRecordEntity))!));
        Assert.Equal(["\"Accounts\"", "\"Callers\"", "\"Notes\""], Array.ConvertAll(index.Tables, t => t.Table).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DataSubjectOfUnsupportedType_IsRefusedWhenTheModelIsBuilt()
    {
        using var db = ModelServices.CreateContext<DateSubjectDbContext>(ModelServices.WithPhoneNumbers, "Data Source=:memory:");

        var error = Assert.Throws<InvalidOperationException>(() => db.Model);

        Assert.Contains("DateSubjectEntity.Born cannot be a data subject", error.Message, StringComparison.Ordinal);
        Assert.Contains("DateTime", error.Message, StringComparison.Ordinal);
    }
}
