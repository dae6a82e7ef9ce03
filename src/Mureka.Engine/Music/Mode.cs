namespace Mureka.Engine.Music;

public enum Mode
{
    Major,
    Minor,
}
