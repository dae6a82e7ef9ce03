using System.CommandLine;
using Mureka.Cli.Commands;
using Mureka.Cli.Commands.Admin;

var root = new RootCommand("mureka — render music with the MurekaApi engine, or generate it on a MurekaApi gateway.")
{
    RenderCommand.Create(),
    GenerateCommand.Create(),
    ExtendCommand.Create(),
    AdaptiveCommand.Create(),
    LicenseCommand.Create(),
    AdminCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
