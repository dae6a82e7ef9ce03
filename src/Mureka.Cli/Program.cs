using System.CommandLine;
using Mureka.Cli.Commands;

var root = new RootCommand("mureka — render music with the MurekaApi engine.")
{
    RenderCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
