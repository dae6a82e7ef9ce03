namespace Mureka.Spec.Music;

public enum Mode
{
    Major,
    Minor,
}
