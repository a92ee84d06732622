// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.EFCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace DataGuard.EFCore.Infrastructure;

/// <summary>Adds DataGuard's model convention to the convention set.</summary>
internal sealed class DataGuardConventionSetPlugin(IDbContextOptions options) : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        var extension = options.FindExtension<DataGuardOptionsExtension>();
        conventionSet.Add(new DataGuardModelFinalizingConvention(extension?.Encryptor, extension?.PhoneNumbers));
        conventionSet.Add(new DataGuard.EFCore.Tokenization.TokenizationConvention());
        conventionSet.Add(new DataGuard.EFCore.Auditing.DataSubjectConvention());
        return conventionSet;
    }
}
